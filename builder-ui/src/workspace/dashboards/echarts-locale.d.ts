/* ECharts ships its locales as UMD files without types; this one is the Russian locale object. */
declare module 'echarts/i18n/langRU-obj.js' {
  import type { registerLocale } from 'echarts/core';

  const locale: Parameters<typeof registerLocale>[1];
  export default locale;
}

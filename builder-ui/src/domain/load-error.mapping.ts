/** The sentence a screen shows when its data could not be loaded (keys of i18n/*.json). */
export function loadErrorMessage(error: unknown, t: (key: string, named?: Record<string, unknown>) => string): string {
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 0;
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'UNKNOWN';
  if (status === 403) return t('errors.forbidden');
  if (code === 'NETWORK') return t('errors.network');
  return t('errors.unexpected', { code });
}

import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces';
import { htmlToPdfContent } from './document-html.mapping.js';

/*
 * A rendered document template (HTML subset) as a PDF, with pdfmake (pure JS, declarative). The
 * font is Roboto as pdfmake's own package ships it (Cyrillic, ₽, «», №), read from node_modules,
 * so nothing depends on the fonts a server happens to have. pdfmake may fetch images by URL and
 * read local files: both are refused except the font files, so a template cannot make the runtime
 * fetch or read anything.
 */

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

pdfmake.setFonts({
  Roboto: {
    normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
    bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
    italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
    bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(FONT_DIR + path.sep));

const THIN_GRID: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#999999',
  vLineColor: () => '#999999',
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};
pdfmake.addTableLayouts({ thinGrid: THIN_GRID });

export interface PdfMeta {
  title: string;
  author?: string;
}

export async function renderDocumentPdf(html: string, meta: PdfMeta): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    info: { title: meta.title, ...(meta.author ? { author: meta.author } : {}), creator: 'CRM' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 48],
    content: htmlToPdfContent(html),
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] },
      h2: { fontSize: 13, bold: true, margin: [0, 8, 0, 6] },
      h3: { fontSize: 11, bold: true, margin: [0, 6, 0, 4] },
      p: { margin: [0, 0, 0, 6] },
      list: { margin: [0, 0, 0, 6] },
      table: { margin: [0, 4, 0, 10] },
      signature: { margin: [0, 28, 0, 0] },
    },
    footer: (page, pages) => ({ text: `${page} / ${pages}`, alignment: 'right', fontSize: 8, color: '#777777', margin: [40, 16, 40, 0] }),
  };
  return pdfmake.createPdf(definition).getBuffer();
}

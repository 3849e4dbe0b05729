import { describe, expect, it } from 'vitest';
import { htmlToPdfContent } from './document-html.mapping.js';

/* The HTML subset of document templates as pdfmake content. */

describe('htmlToPdfContent', () => {
  it('maps headings and paragraphs with inline bold, italics, line breaks and alignment', () => {
    expect(htmlToPdfContent('<h2>Счёт</h2>\n<p style="text-align: right">  Итого: <strong>10 <em>₽</em></strong><br> всё  </p>')).toEqual([
      { text: [{ text: 'Счёт' }], style: 'h2' },
      { text: [{ text: 'Итого: ' }, { text: '10 ', bold: true }, { text: '₽', bold: true, italics: true }, { text: '\n' }, { text: 'всё' }], style: 'p', alignment: 'right' },
    ]);
  });

  it('maps a table with a repeated header row, widths from the first row, colspan and padded rows', () => {
    const [table] = htmlToPdfContent(
      '<table><thead><tr><th width="60%">Товар</th><th width="80">Кол-во</th><th>Сумма</th></tr></thead><tbody><tr><td>Станок</td><td>2</td><td style="text-align:right">10</td></tr><tr><td colspan="2">Итого</td><td>10</td></tr><tr><td>X</td></tr></tbody></table>',
    );
    expect(table).toMatchObject({
      layout: 'thinGrid',
      table: {
        headerRows: 1,
        widths: ['60%', 80, '*'],
        body: [
          [{ text: [{ text: 'Товар', bold: true }] }, { text: [{ text: 'Кол-во', bold: true }] }, { text: [{ text: 'Сумма', bold: true }] }],
          [{ text: [{ text: 'Станок' }] }, { text: [{ text: '2' }] }, { text: [{ text: '10' }], alignment: 'right' }],
          [{ text: [{ text: 'Итого' }], colSpan: 2 }, { text: '' }, { text: [{ text: '10' }] }],
          [{ text: [{ text: 'X' }] }, { text: '' }, { text: '' }],
        ],
      },
    });
  });

  it('maps lists, rules and the signature block; drops scripts, images and unknown markup but keeps text', () => {
    const content = htmlToPdfContent('<ol><li>один</li><li><p>два</p></li></ol><hr><div class="signature">Директор ____</div><script>alert(1)</script><img src="file:///etc/passwd"><marquee>текст</marquee>');
    expect(content[0]).toEqual({ ol: [{ text: [{ text: 'один' }] }, { stack: [{ text: [{ text: 'два' }], style: 'p' }] }], style: 'list' });
    expect(content[1]).toMatchObject({ canvas: [{ type: 'line' }] });
    expect(content[2]).toEqual({ stack: [{ text: [{ text: 'Директор ____' }], style: 'p' }], style: 'signature', unbreakable: true });
    expect(content.slice(3)).toEqual([{ text: [{ text: 'текст' }], style: 'p' }]);
    expect(JSON.stringify(content)).not.toContain('alert');
  });
});

import type { Content, TableCell } from 'pdfmake/interfaces';
import { parseDocument } from 'htmlparser2';

/*
 * The document templates' HTML subset to pdfmake content (pure; parsed by htmlparser2, no DOM):
 *   h1-h3, p                      paragraphs (style="text-align:right|center|justify" honoured)
 *   strong/b, em/i, br, span, a   inline runs (a link prints as its text)
 *   hr                            a thin rule
 *   ul/ol/li                      lists
 *   table/thead/tbody/tr/th/td    tables: thead rows repeat on each page, th bold, width="30%" or
 *                                 width="80" on the first row's cells, colspan, text-align per cell
 *   div class="signature"         a signature block set apart below the text
 * Anything else keeps its text and drops its markup (script and style are dropped whole), so a
 * template cannot reach pdfmake's images, links to files or other features it does not list.
 */

type Doc = ReturnType<typeof parseDocument>;
type DomNode = Doc['children'][number];
type DomElement = Extract<DomNode, { name: string; attribs: Record<string, string> }>;
type DomText = Extract<DomNode, { type: 'text'; data: string }>;

interface Inline {
  text: string | Inline[];
  bold?: boolean;
  italics?: boolean;
}

type Alignment = 'left' | 'right' | 'center' | 'justify';

const HEADINGS = new Set(['h1', 'h2', 'h3']);
const BLOCKS = new Set(['h1', 'h2', 'h3', 'p', 'hr', 'ul', 'ol', 'table', 'div', 'li', 'thead', 'tbody', 'tr', 'td', 'th', 'section', 'header', 'footer', 'blockquote']);
const DROPPED = new Set(['script', 'style', 'head', 'title', 'template', 'iframe', 'object', 'img', 'svg']);

/** Elements, script and style included (htmlparser2 types those apart; both are dropped below). */
function isElement(node: DomNode): node is DomElement {
  return 'name' in node && 'attribs' in node;
}

function isText(node: DomNode): node is DomText {
  return node.type === 'text' && 'data' in node;
}

function alignmentOf(element: DomElement): Alignment | undefined {
  const match = /text-align\s*:\s*(left|right|center|justify)/i.exec(element.attribs['style'] ?? '');
  const value = match?.[1]?.toLowerCase();
  return value === 'left' || value === 'right' || value === 'center' || value === 'justify' ? value : undefined;
}

function hasClass(element: DomElement, name: string): boolean {
  return (element.attribs['class'] ?? '').split(/\s+/).includes(name);
}

/** Inline runs of `nodes` (text collapsed as HTML collapses it; br is a line break). */
function inlines(nodes: readonly DomNode[], style: { bold?: boolean; italics?: boolean }): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (isText(node)) {
      const text = node.data.replace(/[ \t\r\n\f]+/g, ' ');
      if (text !== '') out.push({ text, ...style });
      continue;
    }
    if (!isElement(node) || DROPPED.has(node.name)) continue;
    if (node.name === 'br') {
      out.push({ text: '\n', ...style });
      continue;
    }
    const bold = style.bold === true || node.name === 'strong' || node.name === 'b' || node.name === 'th';
    const italics = style.italics === true || node.name === 'em' || node.name === 'i';
    out.push(...inlines(node.children, { ...(bold ? { bold } : {}), ...(italics ? { italics } : {}) }));
  }
  return out;
}

/** Trims the paragraph's outer spaces (and spaces around line breaks), as a browser would. */
function trimmed(runs: Inline[]): Inline[] {
  const out = runs.map((r) => ({ ...r }));
  for (let i = 0; i < out.length; i++) {
    const run = out[i];
    if (!run || typeof run.text !== 'string') continue;
    const prev = out[i - 1];
    const next = out[i + 1];
    if (i === 0 || (prev && prev.text === '\n') || (typeof prev?.text === 'string' && prev.text.endsWith(' '))) run.text = run.text.replace(/^ +/, '');
    if (i === out.length - 1 || (next && next.text === '\n')) run.text = run.text.replace(/ +$/, '');
  }
  return out.filter((r) => r.text !== '');
}

function paragraph(runs: Inline[], extra: Record<string, unknown> = {}): Content | null {
  const text = trimmed(runs);
  if (text.length === 0) return null;
  return { text, ...extra } as Content;
}

function isBlock(node: DomNode): boolean {
  return isElement(node) && BLOCKS.has(node.name);
}

/** Block content of `nodes`: runs of inline nodes between blocks become paragraphs. */
function blocks(nodes: readonly DomNode[]): Content[] {
  const out: Content[] = [];
  let pending: DomNode[] = [];
  const flush = (): void => {
    const para = paragraph(inlines(pending, {}), { style: 'p' });
    if (para) out.push(para);
    pending = [];
  };
  for (const node of nodes) {
    if (!isBlock(node)) {
      pending.push(node);
      continue;
    }
    flush();
    if (isElement(node)) out.push(...block(node));
  }
  flush();
  return out;
}

function block(element: DomElement): Content[] {
  const align = alignmentOf(element);
  const alignment = align ? { alignment: align } : {};
  if (HEADINGS.has(element.name)) {
    const para = paragraph(inlines(element.children, {}), { style: element.name, ...alignment });
    return para ? [para] : [];
  }
  switch (element.name) {
    case 'p': {
      const para = paragraph(inlines(element.children, {}), { style: 'p', ...alignment });
      return para ? [para] : [];
    }
    case 'hr':
      return [{ canvas: [{ type: 'line', x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 0.5, lineColor: '#888888' }], margin: [0, 6, 0, 6] }];
    case 'ul':
    case 'ol': {
      const items = element.children.filter(isElement).filter((c) => c.name === 'li').map(listItem);
      if (items.length === 0) return [];
      return [element.name === 'ul' ? { ul: items, style: 'list' } : { ol: items, style: 'list' }];
    }
    case 'table': {
      const table = tableOf(element);
      return table ? [table] : [];
    }
    case 'div': {
      const inner = blocks(element.children);
      if (inner.length === 0) return [];
      if (hasClass(element, 'signature')) return [{ stack: inner, style: 'signature', unbreakable: true, ...alignment }];
      return [{ stack: inner, ...alignment }];
    }
    default:
      return blocks(element.children);
  }
}

function listItem(li: DomElement): Content {
  if (!li.children.some(isBlock)) return paragraph(inlines(li.children, {})) ?? { text: '' };
  return { stack: blocks(li.children) };
}

function rowsOf(table: DomElement): Array<{ row: DomElement; head: boolean }> {
  const rows: Array<{ row: DomElement; head: boolean }> = [];
  for (const child of table.children.filter(isElement)) {
    if (child.name === 'tr') rows.push({ row: child, head: false });
    if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      for (const row of child.children.filter(isElement)) if (row.name === 'tr') rows.push({ row, head: child.name === 'thead' });
    }
  }
  return rows;
}

function widthOf(cell: DomElement): string | number {
  const width = (cell.attribs['width'] ?? '').trim();
  if (/^\d{1,3}(\.\d+)?%$/.test(width)) return width;
  if (/^\d{1,4}$/.test(width)) return Number(width);
  return '*';
}

function spanOf(cell: DomElement): number {
  const span = Number(cell.attribs['colspan'] ?? '1');
  return Number.isInteger(span) && span > 1 && span <= 50 ? span : 1;
}

function tableOf(table: DomElement): Content | null {
  const rows = rowsOf(table);
  if (rows.length === 0) return null;
  const body: TableCell[][] = [];
  let columns = 0;
  let widths: Array<string | number> = [];
  for (const { row } of rows) {
    const cells: TableCell[] = [];
    const rowWidths: Array<string | number> = [];
    for (const cell of row.children.filter(isElement).filter((c) => c.name === 'td' || c.name === 'th')) {
      const span = spanOf(cell);
      const align = alignmentOf(cell);
      const content = cell.children.some(isBlock) ? { stack: blocks(cell.children) } : { text: trimmed(inlines(cell.children, cell.name === 'th' ? { bold: true } : {})) };
      cells.push({ ...content, ...(align ? { alignment: align } : {}), ...(span > 1 ? { colSpan: span } : {}) } as TableCell);
      rowWidths.push(span > 1 ? '*' : widthOf(cell));
      for (let i = 1; i < span; i++) {
        cells.push({ text: '' });
        rowWidths.push('*');
      }
    }
    if (cells.length > columns) columns = cells.length;
    if (widths.length === 0 && cells.length > 0) widths = rowWidths;
    body.push(cells);
  }
  if (columns === 0) return null;
  // pdfmake needs every row as wide as the table.
  for (const cells of body) while (cells.length < columns) cells.push({ text: '' });
  while (widths.length < columns) widths.push('*');
  const headerRows = rows.findIndex((r) => !r.head);
  return {
    table: { headerRows: headerRows === -1 ? rows.length : headerRows, widths: widths.slice(0, columns), body },
    layout: 'thinGrid',
    style: 'table',
  } as Content;
}

/** The template's rendered HTML as pdfmake content. */
export function htmlToPdfContent(html: string): Content[] {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  return blocks(document.children);
}

/*
 * The part of pdfmake 0.3 the document renderer uses, typed here instead of with @types/pdfmake:
 * that package starts with `/// <reference lib="dom" />`, which pulls the browser's lib into the
 * whole server program (fetch bodies, NodeList and friends then type-check against the DOM and
 * code elsewhere in runtime and bench stopped compiling). Shapes follow pdfmake's documentation
 * (docs: document definition object, tables, styling).
 */
declare module 'pdfmake/interfaces' {
  export type Alignment = 'left' | 'right' | 'center' | 'justify';
  export type Margins = number | [number, number] | [number, number, number, number];

  export interface Style {
    font?: string;
    fontSize?: number;
    bold?: boolean;
    italics?: boolean;
    color?: string;
    alignment?: Alignment;
    lineHeight?: number;
    margin?: Margins;
    decoration?: 'underline' | 'lineThrough' | 'overline';
  }

  export interface ContentObject extends Style {
    text?: string | Content[];
    style?: string | string[];
    stack?: Content[];
    columns?: Content[];
    ul?: Content[];
    ol?: Content[];
    table?: { body: TableCell[][]; widths?: (number | string)[]; headerRows?: number; dontBreakRows?: boolean };
    layout?: string | CustomTableLayout;
    canvas?: Record<string, unknown>[];
    colSpan?: number;
    width?: number | string;
    pageBreak?: 'before' | 'after';
    unbreakable?: boolean;
  }

  export type Content = string | ContentObject | Content[];
  export type TableCell = Content | Record<string, never>;

  export interface CustomTableLayout {
    hLineWidth?: (row: number) => number;
    vLineWidth?: (column: number) => number;
    hLineColor?: (row: number) => string;
    vLineColor?: (column: number) => string;
    paddingLeft?: (column: number) => number;
    paddingRight?: (column: number) => number;
    paddingTop?: (row: number) => number;
    paddingBottom?: (row: number) => number;
    fillColor?: (row: number) => string | null;
  }

  export interface TDocumentDefinitions {
    content: Content;
    info?: { title?: string; author?: string; subject?: string; creator?: string };
    pageSize?: string;
    pageOrientation?: 'portrait' | 'landscape';
    pageMargins?: Margins;
    defaultStyle?: Style;
    styles?: Record<string, Style>;
    header?: Content | ((currentPage: number, pageCount: number) => Content);
    footer?: Content | ((currentPage: number, pageCount: number) => Content);
  }

  export interface FontFiles {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }
}

declare module 'pdfmake' {
  import type { CustomTableLayout, FontFiles, TDocumentDefinitions } from 'pdfmake/interfaces';

  interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }

  interface PdfMake {
    setFonts(fonts: Record<string, FontFiles>): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    setLocalAccessPolicy(allow: (file: string) => boolean): void;
    addTableLayouts(layouts: Record<string, CustomTableLayout>): void;
    createPdf(definition: TDocumentDefinitions): OutputDocument;
  }

  const pdfmake: PdfMake;
  export default pdfmake;
}

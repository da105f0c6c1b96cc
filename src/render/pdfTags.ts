// Tagged PDF (the accessible PDF that RGAA and PDF/UA ask public bodies for), on top of
// pdfkit's structure elements. Everything drawn goes either into a structure element (a
// heading, a paragraph, a list item, a table cell, a figure with its alternative text) that a
// screen reader reads in order, or into an artifact (page numbers, rules, backgrounds) that it
// skips. Shared by the report and the posters.

/** The options every tagged document of ours is created with. */
export const TAGGED_DOCUMENT_OPTIONS = {
  tagged: true,
  lang: 'fr-FR',
  // Viewers show the Title rather than the file name in their title bar.
  displayTitle: true,
  // Tagged PDF and a document language need PDF 1.4 at least; 1.7 is what PDF/UA builds on.
  pdfVersion: '1.7',
} as const satisfies PDFKit.PDFDocumentOptions;

type Element = PDFKit.PDFStructureElement;
type Attributes = Record<string, unknown>;
type StructOptions = { title?: string; lang?: string; alt?: string; expanded?: string; actual?: string };

/** Sets a structure element's attribute dictionary (/A), which pdfkit's API does not expose. */
function setAttributes(element: Element, attributes: Attributes): void {
  (element as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = attributes;
}

export class PdfTags {
  private readonly stack: Element[];

  /** Opens the document's root structure element; call before drawing anything. */
  constructor(readonly doc: PDFKit.PDFDocument) {
    const root = doc.struct('Document');
    doc.addStructure(root);
    this.stack = [root];
    // Open the bookmarks pane where viewers honour it: the outline is the report's contents.
    (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.PageMode = 'UseOutlines';
  }

  private get parent(): Element {
    return this.stack[this.stack.length - 1];
  }

  /** A leaf element (P, H1, Lbl, TD...) whose content is what `draw` draws. */
  leaf(type: string, draw: () => void, options: StructOptions = {}, attributes?: Attributes): Element {
    const element = this.doc.struct(type, options);
    if (attributes) setAttributes(element, attributes);
    // The parent is attached to the tree, so the closure runs now, inside its marked content.
    this.parent.add(element);
    element.add(draw);
    element.end();
    return element;
  }

  /** A grouping element (L, LI, Table, TR, Sect...) whose children are added by `fill`. */
  group<T>(type: string, fill: (element: Element) => T, options: StructOptions = {}, attributes?: Attributes): T {
    const element = this.doc.struct(type, options);
    if (attributes) setAttributes(element, attributes);
    this.parent.add(element);
    this.stack.push(element);
    try {
      return fill(element);
    } finally {
      this.stack.pop();
      element.end();
    }
  }

  /** An element whose content comes in several pieces (see `mark`); the caller ends it. */
  start(type: string, options: StructOptions = {}, attributes?: Attributes): Element {
    const element = this.doc.struct(type, options);
    if (attributes) setAttributes(element, attributes);
    this.parent.add(element);
    return element;
  }

  /** Draws one piece of a started element's content, in a marked-content sequence tagged `tag`. */
  mark(element: Element, draw: () => void, tag = 'Span', options: { actual?: string; lang?: string } = {}): void {
    const content = this.doc.markStructureContent(tag, options);
    draw();
    this.doc.endMarkedContent();
    element.add(content);
  }

  /** A figure: its drawing, its alternative text, its box on the page (pdfkit's y-down coordinates) when known. */
  figure(alt: string, box: { x: number; y: number; width: number; height: number } | undefined, draw: () => void): Element {
    const pageHeight = this.doc.page.height;
    const layout = box ? { BBox: [box.x, pageHeight - box.y - box.height, box.x + box.width, pageHeight - box.y] } : {};
    return this.leaf('Figure', draw, { alt }, { O: 'Layout', Placement: 'Block', ...layout });
  }

  /** Drawing that carries no content (rules, backgrounds, page numbers, repeated headers). */
  artifact(draw: () => void, type: 'Pagination' | 'Layout' | 'Page' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }
}

/** The attributes of a table header cell: what it heads. */
export const headerScope = (scope: 'Column' | 'Row'): Attributes => ({ O: 'Table', Scope: scope });

// Blocks as an A4 PDF through the report's pipeline: pdfkit, DejaVu Sans embedded (the 14
// standard fonts lack « » ’ œ and the narrow no-break space), control characters dropped, and
// tagged like the report (pdfTags.ts): H1/H2, P, BlockQuote, L > LI, Table > TR > TH/TD; table
// rules and "Page n / N" are artifacts.
import { faceFor, fontBytes } from '../poster/fonts.js';
import { pdfBuffer } from '../pdfBuffer.js';
import { cleanText } from '../report/pdf.js';
import { headerScope, PdfTags, TAGGED_DOCUMENT_OPTIONS } from '../pdfTags.js';
import { runsText, type Block, type Run } from './markup.js';
import type { DocumentMeta } from './index.js';
import { loadPdfKit } from '../pdfkit.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const REGULAR = faceFor(false, false);
const BOLD = faceFor(true, false);
const ITALIC = faceFor(false, true);
const BOLD_ITALIC = faceFor(true, true);
const SIZE = 10.5;

export async function renderDocumentPdf(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    ...TAGGED_DOCUMENT_OPTIONS,
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    info: { Title: meta.title, Subject: meta.subject, Creator: 'cafcharte', CreationDate: meta.date },
    font: null as unknown as string,
  });
  for (const face of [REGULAR, BOLD, ITALIC, BOLD_ITALIC]) doc.registerFont(face, fontBytes(face));
  const done = pdfBuffer(doc);
  doc.addPage();
  const tags = new PdfTags(doc);
  const bottom = A4.height - MARGIN;
  const ensure = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };
  /**
   * One line of runs, wrapped word by word. pdfkit's `continued` text starts the run after a
   * wrapped bold run on a line of its own, so the words are placed here, each in its face;
   * a page break inside keeps the element's marked content going on the next page.
   */
  const line = (runs: Run[], x: number, width: number, italic: boolean) => {
    doc.font(REGULAR).fontSize(SIZE).fillColor('#111');
    const height = doc.currentLineHeight(true);
    let cx = x;
    let cy = doc.y;
    let space = 0;
    for (const run of runs) {
      const face = run.bold ? (italic ? BOLD_ITALIC : BOLD) : italic ? ITALIC : REGULAR;
      doc.font(face);
      // Only plain spaces break a line: the no-break spaces of French typography hold.
      for (const token of cleanText(run.text).split(/( +)/)) {
        if (token === '') continue;
        if (token.startsWith(' ')) {
          if (cx > x) space += doc.widthOfString(token);
          continue;
        }
        const w = doc.widthOfString(token);
        if (cx > x && cx + space + w > x + width) {
          cx = x;
          space = 0;
          cy += height;
          if (cy + height > bottom) {
            doc.continueOnNewPage();
            cy = doc.y;
          }
        }
        doc.text(token, cx + space, cy, { lineBreak: false });
        cx += space + w;
        space = 0;
      }
    }
    doc.x = x;
    doc.y = cy + height;
  };
  const lines = (list: Run[][], x: number, width: number, italic: boolean) => {
    for (const l of list) line(l, x, width, italic);
  };

  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    switch (block.kind) {
      case 'title':
        ensure(80);
        doc.font(BOLD).fontSize(15).fillColor('#111');
        tags.leaf('H1', () => doc.text(cleanText(runsText(block.runs)), MARGIN, doc.y, { width: WIDTH, align: 'center' }));
        doc.moveDown(0.8);
        break;
      case 'heading':
        ensure(70);
        doc.moveDown(0.4).font(BOLD).fontSize(12).fillColor('#111');
        tags.leaf('H2', () => doc.text(cleanText(runsText(block.runs)), MARGIN, doc.y, { width: WIDTH }));
        doc.outline.addItem(runsText(block.runs));
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        ensure(30);
        tags.leaf('P', () => lines(block.lines, MARGIN, WIDTH, false));
        doc.moveDown(0.6);
        break;
      case 'quote':
        ensure(30);
        tags.group('BlockQuote', () => tags.leaf('P', () => lines(block.lines, MARGIN + 24, WIDTH - 48, true)));
        doc.moveDown(0.6);
        break;
      case 'bullet': {
        // Consecutive bullets are one list.
        const items: Run[][] = [block.runs];
        while (blocks[b + 1]?.kind === 'bullet') items.push((blocks[++b] as { runs: Run[] }).runs);
        tags.group(
          'L',
          () => {
            for (const runs of items) {
              ensure(30);
              const y = doc.y;
              tags.group('LI', () => {
                tags.leaf('Lbl', () => doc.font(REGULAR).fontSize(SIZE).text('•', MARGIN + 6, y, { lineBreak: false }));
                doc.y = y;
                tags.leaf('LBody', () => line(runs, MARGIN + 20, WIDTH - 20, false));
              });
              doc.moveDown(0.2);
            }
          },
          {},
          { O: 'List', ListNumbering: 'Disc' },
        );
        doc.moveDown(0.4);
        break;
      }
      case 'table': {
        const rows = [...(block.header ? [{ cells: block.header, header: true }] : []), ...block.rows.map((cells) => ({ cells, header: false }))];
        const columns = Math.max(...rows.map((r) => r.cells.length), 1);
        const cellWidth = WIDTH / columns;
        const pad = 4;
        tags.group('Table', () => {
          for (const row of rows) {
            const texts = Array.from({ length: columns }, (_, i) => cleanText(runsText(row.cells[i] ?? [])));
            const fonts = texts.map((_, i) => (row.header || ((row.cells[i]?.length ?? 0) > 0 && row.cells[i].every((r) => r.bold)) ? BOLD : REGULAR));
            doc.fontSize(10);
            const height = Math.max(...texts.map((t, i) => doc.font(fonts[i]).heightOfString(t || ' ', { width: cellWidth - 2 * pad }))) + 2 * pad;
            ensure(height);
            const y = doc.y;
            tags.group('TR', () =>
              texts.forEach((t, i) => {
                const x = MARGIN + i * cellWidth;
                tags.artifact(() => doc.rect(x, y, cellWidth, height).lineWidth(0.5).strokeColor('#444').stroke());
                const draw = () => doc.font(fonts[i]).fontSize(10).fillColor('#111').text(t, x + pad, y + pad, { width: cellWidth - 2 * pad });
                if (row.header) tags.leaf('TH', draw, {}, headerScope('Column'));
                else tags.leaf('TD', draw);
              }),
            );
            doc.x = MARGIN;
            doc.y = y + height;
          }
        });
        doc.moveDown(0.8);
        break;
      }
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Drawing below the bottom margin would make pdfkit add a page: lift the margin first.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    tags.artifact(
      () => doc.font(REGULAR).fontSize(8).fillColor('#555').text(`Page ${i + 1} / ${range.count}`, MARGIN, A4.height - MARGIN / 2, { width: WIDTH, align: 'center', lineBreak: false }),
      'Pagination',
    );
    doc.page.margins.bottom = margin;
  }
  // The annex travels inside the PDF too (the paperclip pane of a viewer), besides its own file.
  for (const file of meta.attachments ?? []) {
    doc.file(file.data, { name: file.name, type: 'application/pdf', description: file.description, creationDate: meta.date, modifiedDate: meta.date });
  }
  doc.end();
  return done;
}

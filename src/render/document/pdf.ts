// Blocks as an A4 PDF through the report's pipeline: pdfkit, DejaVu Sans embedded (the 14
// standard fonts lack « » ’ œ and the narrow no-break space), control characters dropped,
// "Page n / N" at the foot of every page.
import { faceFor, fontBytes } from '../poster/fonts.js';
import { pdfBuffer } from '../pdfBuffer.js';
import { cleanText } from '../report/pdf.js';
import { runsText, type Block, type Run } from './markup.js';
import type { DocumentMeta } from './index.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const REGULAR = faceFor(false, false);
const BOLD = faceFor(true, false);
const ITALIC = faceFor(false, true);
const BOLD_ITALIC = faceFor(true, true);

export async function renderDocumentPdf(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: meta.title, Subject: meta.subject, Creator: 'cafcharte', CreationDate: meta.date },
    font: null as unknown as string,
  });
  for (const face of [REGULAR, BOLD, ITALIC, BOLD_ITALIC]) doc.registerFont(face, fontBytes(face));
  const done = pdfBuffer(doc);
  doc.addPage();
  const bottom = A4.height - MARGIN;
  const ensure = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };
  /** Runs of one line, continued (pdfkit's way of mixing faces in one wrapped paragraph). */
  const line = (runs: Run[], x: number, width: number, italic: boolean, size: number) => {
    const list = runs.length ? runs : [{ text: ' ', bold: false }];
    list.forEach((run, i) => {
      doc
        .font(run.bold ? (italic ? BOLD_ITALIC : BOLD) : italic ? ITALIC : REGULAR)
        .fontSize(size)
        .text(cleanText(run.text), i === 0 ? x : undefined, i === 0 ? doc.y : undefined, { width, continued: i < list.length - 1 });
    });
  };
  doc.fillColor('#111');
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        ensure(80);
        doc.font(BOLD).fontSize(15).text(cleanText(runsText(block.runs)), MARGIN, doc.y, { width: WIDTH, align: 'center' });
        doc.moveDown(0.8);
        break;
      case 'heading':
        ensure(70);
        doc.moveDown(0.4).font(BOLD).fontSize(12).text(cleanText(runsText(block.runs)), MARGIN, doc.y, { width: WIDTH });
        doc.moveDown(0.3);
        break;
      case 'paragraph':
      case 'quote': {
        const quote = block.kind === 'quote';
        const x = quote ? MARGIN + 24 : MARGIN;
        ensure(30);
        for (const l of block.lines) line(l, x, quote ? WIDTH - 48 : WIDTH, quote, 10.5);
        doc.moveDown(0.6);
        break;
      }
      case 'bullet': {
        ensure(30);
        const y = doc.y;
        doc.font(REGULAR).fontSize(10.5).text('•', MARGIN + 6, y, { lineBreak: false });
        doc.y = y;
        line(block.runs, MARGIN + 20, WIDTH - 20, false, 10.5);
        doc.moveDown(0.2);
        break;
      }
      case 'table': {
        const rows = [...(block.header ? [{ cells: block.header, header: true }] : []), ...block.rows.map((cells) => ({ cells, header: false }))];
        const columns = Math.max(...rows.map((r) => r.cells.length), 1);
        const cellWidth = WIDTH / columns;
        const pad = 4;
        for (const row of rows) {
          doc.fontSize(10);
          const texts = row.cells.map((c) => cleanText(runsText(c)));
          const fonts = row.cells.map((c) => (row.header || (c.length > 0 && c.every((r) => r.bold)) ? BOLD : REGULAR));
          const height = Math.max(...texts.map((t, i) => doc.font(fonts[i]).heightOfString(t || ' ', { width: cellWidth - 2 * pad }))) + 2 * pad;
          ensure(height);
          const y = doc.y;
          texts.forEach((t, i) => {
            const x = MARGIN + i * cellWidth;
            doc.rect(x, y, cellWidth, height).lineWidth(0.5).strokeColor('#444').stroke();
            doc.font(fonts[i]).fontSize(10).fillColor('#111').text(t, x + pad, y + pad, { width: cellWidth - 2 * pad });
          });
          doc.x = MARGIN;
          doc.y = y + height;
        }
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
    doc.font(REGULAR).fontSize(8).fillColor('#555').text(`Page ${i + 1} / ${range.count}`, MARGIN, A4.height - MARGIN / 2, { width: WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

// Blocks as a Word document, written by the `docx` library (it builds the OOXML parts and the
// zip; we only say what goes where). Word's own Title / Heading 1 styles, so the navigation pane
// and a screen reader see the structure; French as the proofing language.
import type { Block, Run } from './markup.js';
import type { DocumentMeta } from './index.js';

export async function renderDocx(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const d = await import('docx');
  const runs = (list: Run[], extra: { italics?: boolean } = {}) => list.map((r) => new d.TextRun({ text: r.text, bold: r.bold, ...extra }));
  const lines = (list: Run[][], extra: { italics?: boolean } = {}) =>
    list.flatMap((line, i) => [...(i > 0 ? [new d.TextRun({ text: '', break: 1 })] : []), ...runs(line, extra)]);
  const children: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        children.push(new d.Paragraph({ heading: d.HeadingLevel.TITLE, children: runs(block.runs) }));
        break;
      case 'heading':
        children.push(new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, keepNext: true, children: runs(block.runs) }));
        break;
      case 'paragraph':
        children.push(new d.Paragraph({ spacing: { after: 160 }, children: lines(block.lines) }));
        break;
      case 'bullet':
        children.push(new d.Paragraph({ bullet: { level: 0 }, children: runs(block.runs) }));
        break;
      case 'quote':
        children.push(new d.Paragraph({ indent: { left: 567, right: 567 }, spacing: { after: 160 }, children: lines(block.lines, { italics: true }) }));
        break;
      case 'table': {
        const row = (cells: Run[][], header: boolean) =>
          new d.TableRow({
            tableHeader: header,
            cantSplit: true,
            children: cells.map((cell) => new d.TableCell({ children: [new d.Paragraph({ children: runs(cell.map((r) => ({ ...r, bold: r.bold || header }))) })] })),
          });
        const rows = [...(block.header ? [row(block.header, true)] : []), ...block.rows.map((r) => row(r, false))];
        children.push(new d.Table({ width: { size: 100, type: d.WidthType.PERCENTAGE }, rows }));
        // Word glues two consecutive tables together: an empty paragraph keeps them apart.
        children.push(new d.Paragraph({ children: [] }));
        break;
      }
    }
  }
  const document = new d.Document({
    title: meta.title,
    creator: 'cafcharte',
    description: meta.subject,
    styles: { default: { document: { run: { font: 'Arial', size: 22, language: { value: 'fr-FR' } } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        footers: {
          default: new d.Footer({
            children: [new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ children: ['Page ', d.PageNumber.CURRENT, ' / ', d.PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children,
      },
    ],
  });
  return d.Packer.toBuffer(document);
}

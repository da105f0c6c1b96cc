// The report as an A4 PDF: pdfkit with DejaVu Sans embedded (the 14 standard PDF fonts lack
// "→", "œ", the narrow no-break space...), charts drawn from our SVG, "Page n / N" at the foot
// of every page. No browser. Text from users flows as wrapped paragraphs and has its control
// characters removed, so a long or odd remark moves to the next page rather than off it.
import type { SemesterReport } from '../../domain/report.js';
import { faceFor, fontBytes } from '../poster/fonts.js';
import { reportCharts } from './charts.js';
import { change, count, date, month, percent } from './labels.js';
import { committeeLines, completenessLines, workshopIndicatorRows } from './lines.js';
import { communicationLines } from './communication.js';
import { pdfBuffer } from '../pdfBuffer.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const REGULAR = faceFor(false, false);
const BOLD = faceFor(true, false);
const ACCENT = '#1f5f99';
// The charts are drawn 480 × 200 (see barChart.ts), scaled to 80 % of the text width.
const CHART_WIDTH = CONTENT_WIDTH * 0.8;
const CHART_HEIGHT = CHART_WIDTH * (200 / 480);

/** Drops control characters (except tab and line breaks) that a PDF font has no glyph for. */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

type Align = 'left' | 'right';

class ReportPdf {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  private get bottom(): number {
    return A4.height - MARGIN;
  }

  /** A new page when fewer than `height` points are left. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string, keepWith = 60): void {
    this.ensure(keepWith + 30);
    this.doc.moveDown(0.8).font(BOLD).fontSize(14).fillColor(ACCENT).text(text, MARGIN, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveTo(MARGIN, this.doc.y).lineTo(MARGIN + CONTENT_WIDTH, this.doc.y).strokeColor(ACCENT).lineWidth(0.8).stroke();
    this.doc.moveDown(0.4).fillColor('#222');
  }

  /** `keepWith`: room needed below the heading, so that it never ends a page alone. */
  subheading(text: string, keepWith = 40): void {
    this.ensure(keepWith + 20);
    this.doc.moveDown(0.5).font(BOLD).fontSize(11).fillColor('#222').text(text, MARGIN, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveDown(0.2);
  }

  paragraph(text: string, options: { bullet?: boolean; size?: number } = {}): void {
    const indent = options.bullet ? 12 : 0;
    this.doc.font(REGULAR).fontSize(options.size ?? 10).fillColor('#222');
    // Two lines' room is enough to start a paragraph: pdfkit carries the rest over to the next
    // page itself, and measuring the whole text first would shape it twice.
    this.ensure(2 * this.doc.currentLineHeight(true));
    const y = this.doc.y;
    if (options.bullet) this.doc.text('•', MARGIN, y, { lineBreak: false });
    this.doc.text(cleanText(text), MARGIN + indent, y, { width: CONTENT_WIDTH - indent });
    this.doc.moveDown(0.2);
  }

  /** A table whose rows never split across pages; the header is repeated on a new page. */
  table(head: string[], rows: string[][], widths: number[], align: Align[] = []): void {
    const scale = CONTENT_WIDTH / widths.reduce((a, b) => a + b, 0);
    const columns = widths.map((w) => w * scale);
    const pad = 3;
    const size = 9;
    const lineHeight = this.doc.font(REGULAR).fontSize(size).currentLineHeight(true);
    // Shaping text costs about a millisecond a string, and wrapping it more. Most cells are short
    // and surely fit on one line (no DejaVu glyph is wider than 1 em): those are drawn without
    // the line wrapper, right-aligned by hand; only the others are measured and wrapped.
    const fits = (text: string, i: number) => text.length * size <= columns[i] - 2 * pad;
    const heights = new Map<string[], number>();
    const heightOf = (cells: string[], face: string) => {
      let height = heights.get(cells);
      if (height === undefined) {
        this.doc.font(face).fontSize(size);
        const cellHeights = cells.map((cell, i) => {
          const text = cleanText(cell);
          return fits(text, i) ? lineHeight : this.doc.heightOfString(text, { width: columns[i] - 2 * pad });
        });
        height = Math.max(lineHeight, ...cellHeights) + 2 * pad;
        heights.set(cells, height);
      }
      return height;
    };
    const drawRow = (cells: string[], face: string, fill?: string) => {
      const height = heightOf(cells, face);
      let x = MARGIN;
      const y = this.doc.y;
      if (fill) this.doc.rect(MARGIN, y, CONTENT_WIDTH, height).fill(fill);
      this.doc.fillColor('#222').font(face).fontSize(size);
      cells.forEach((cell, i) => {
        const text = cleanText(cell);
        const room = columns[i] - 2 * pad;
        if (text === '') {
          // nothing to draw
        } else if (fits(text, i)) {
          const offset = align[i] === 'right' ? room - this.doc.widthOfString(text) : 0;
          this.doc.text(text, x + pad + offset, y + pad, { lineBreak: false });
        } else {
          this.doc.text(text, x + pad, y + pad, { width: room, align: align[i] ?? 'left' });
        }
        x += columns[i];
      });
      this.doc.moveTo(MARGIN, y + height).lineTo(MARGIN + CONTENT_WIDTH, y + height).strokeColor('#bbbbbb').lineWidth(0.5).stroke();
      this.doc.x = MARGIN;
      this.doc.y = y + height;
    };
    // A short table stays on one page; a long one starts with at least its header and three rows.
    const whole = heightOf(head, BOLD) + rows.reduce((sum, row) => sum + heightOf(row, REGULAR), 0);
    const start = heightOf(head, BOLD) + rows.slice(0, 3).reduce((sum, row) => sum + heightOf(row, REGULAR), 0);
    this.ensure(whole < A4.height / 3 ? whole : start);
    drawRow(head, BOLD, '#eef3f8');
    for (const row of rows) {
      if (this.doc.y + heightOf(row, REGULAR) > this.bottom) {
        this.doc.addPage();
        drawRow(head, BOLD, '#eef3f8');
      }
      drawRow(row, REGULAR);
    }
    this.doc.moveDown(0.6);
  }

  chart(svg: string, draw: (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, width: number, height: number) => void): void {
    const width = CHART_WIDTH;
    const height = CHART_HEIGHT;
    this.ensure(height + 10);
    draw(this.doc, svg, MARGIN, this.doc.y, width, height);
    this.doc.y += height + 6;
    this.doc.x = MARGIN;
  }

  /** "Page n / N" on every page, once all pages exist. */
  numberPages(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // Writing inside the bottom margin would make pdfkit open a page: lift the margin first.
      this.doc.page.margins.bottom = 0;
      this.doc.font(REGULAR).fontSize(8).fillColor('#666').text(`Page ${i + 1} / ${range.count}`, MARGIN, A4.height - 30, {
        width: CONTENT_WIDTH,
        align: 'center',
        lineBreak: false,
      });
    }
  }
}

function evolutionText(c: { evolution_semestre_precedent_pct: number | null; semestre_precedent: number | null; evolution_annee_precedente_pct: number | null; meme_semestre_annee_precedente: number | null }): string {
  return `Évolution : ${change(c.evolution_semestre_precedent_pct)} par rapport au semestre précédent (${count(c.semestre_precedent)}), ${change(c.evolution_annee_precedente_pct)} par rapport au même semestre de l’année précédente (${count(c.meme_semestre_annee_precedente)}).`;
}

/**
 * A pdfkit document with only the two faces the report uses. Opening a face parses its metrics
 * (a few hundred milliseconds for DejaVu): no default font is opened, neither Helvetica nor a
 * second copy of DejaVu.
 */
async function newReportDocument(options: PDFKit.PDFDocumentOptions): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ ...options, autoFirstPage: false, font: null as unknown as string });
  for (const face of [REGULAR, BOLD]) doc.registerFont(face, fontBytes(face));
  return doc.font(REGULAR);
}

export async function renderReportPdf(report: SemesterReport, options: { creationDate?: Date } = {}): Promise<Buffer> {
  const { default: SVGtoPDF } = await import('svg-to-pdfkit');
  const doc = await newReportDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${report.titre} — ${report.semestre.code}`,
      Author: 'Commune du Tampon – CAF de la Réunion',
      Creator: 'cafcharte',
      ...(options.creationDate ? { CreationDate: options.creationDate, ModDate: options.creationDate } : {}),
    },
  });
  const done = pdfBuffer(doc);
  const pdf = new ReportPdf(doc);
  const drawSvg = (d: PDFKit.PDFDocument, svg: string, x: number, y: number, width: number, height: number) =>
    SVGtoPDF(d, svg, x, y, { width, height, assumePt: true, preserveAspectRatio: 'xMidYMin meet', fontCallback: (_family, bold) => (bold ? BOLD : REGULAR), warningCallback: () => undefined });
  const charts = reportCharts(report);

  // Title page.
  doc.addPage();
  doc.font(BOLD).fontSize(22).fillColor(ACCENT).text(report.titre, MARGIN, 220, { width: CONTENT_WIDTH, align: 'left' });
  doc.moveDown(1.5).fillColor('#222');
  for (const [label, value] of [
    ['Semestre', `${report.semestre.libelle} (${report.semestre.code})`],
    ['Territoire', report.territoire],
    [`Charte au ${date(report.charte.au)}`, report.charte.etat_libelle],
    ['Rapport établi le', date(report.produit_le)],
    ['Comparé à', `${report.comparaisons.semestre_precedent} (semestre précédent) et ${report.comparaisons.meme_semestre_annee_precedente} (même semestre, année précédente)`],
  ]) {
    doc.font(BOLD).fontSize(11).text(`${label} : `, { continued: true }).font(REGULAR).text(value);
    doc.moveDown(0.3);
  }

  // 1. CAF figures.
  doc.addPage();
  const caf = report.chiffres_caf;
  pdf.heading('1. Chiffres de la CAF (art. 7)');
  pdf.subheading('Consultations de caf.fr', CHART_HEIGHT);
  pdf.chart(charts.consultations, drawSvg);
  pdf.table(['Mois', 'Consultations'], [...caf.consultations.par_mois.map((m) => [month(m.mois), count(m.valeur)]), ['Total', count(caf.consultations.total)]], [3, 2], ['left', 'right']);
  pdf.paragraph(evolutionText(caf.consultations));
  pdf.subheading('Rubriques consultées');
  pdf.table(
    ['Rang', 'Rubrique', 'Consultations', 'Part', 'Évol. semestre préc.', 'Évol. sur un an'],
    [
      ...caf.rubriques.classement.map((r) => [String(r.rang), r.rubrique, count(r.valeur), percent(r.part_pct), change(r.evolution_semestre_precedent_pct), change(r.evolution_annee_precedente_pct)]),
      ['', 'Total', count(caf.rubriques.total), '', change(caf.rubriques.evolution_semestre_precedent_pct), change(caf.rubriques.evolution_annee_precedente_pct)],
    ],
    [1, 4, 2.2, 1.6, 2.2, 2.2],
    ['right', 'left', 'right', 'right', 'right', 'right'],
  );
  pdf.subheading('Télédéclarations', CHART_HEIGHT);
  pdf.chart(charts.teledeclarations, drawSvg);
  pdf.table(['Mois', 'Télédéclarations'], [...caf.teledeclarations.par_mois.map((m) => [month(m.mois), count(m.valeur)]), ['Total', count(caf.teledeclarations.total)]], [3, 2], ['left', 'right']);
  pdf.paragraph(evolutionText(caf.teledeclarations));

  // 2. Workshops.
  const a = report.ateliers;
  pdf.heading('2. Ateliers et accueil (carnet de bord, art. 5)', CHART_HEIGHT);
  pdf.chart(charts.personnes_recues, drawSvg);
  pdf.table(
    ['Indicateur', 'Valeur'],
    workshopIndicatorRows(report),
    [3, 2],
    ['left', 'right'],
  );
  pdf.subheading('Par type d’atelier');
  pdf.table(['Type', 'Ateliers', 'Personnes reçues'], a.par_type.map((t) => [t.libelle, count(t.ateliers), count(t.personnes_recues)]), [4, 1.5, 1.5], ['left', 'right', 'right']);
  pdf.subheading('Par lieu');
  pdf.table(['Lieu', 'Commune', 'Ateliers', 'Personnes reçues'], a.par_lieu.map((p) => [p.lieu, p.commune, count(p.ateliers), count(p.personnes_recues)]), [3.5, 2, 1.2, 1.5], ['left', 'left', 'right', 'right']);
  pdf.subheading('Par commune');
  pdf.table(['Commune', 'Ateliers', 'Personnes reçues'], a.par_commune.map((p) => [p.commune, count(p.ateliers), count(p.personnes_recues)]), [4, 1.5, 1.5], ['left', 'right', 'right']);
  pdf.subheading('Par mois');
  pdf.table(['Mois', 'Ateliers', 'Personnes reçues'], a.par_mois.map((m) => [month(m.mois), count(m.ateliers), count(m.personnes_recues)]), [4, 1.5, 1.5], ['left', 'right', 'right']);

  // 3. Comité and charter; 4. communication when its data exists.
  pdf.heading('3. Comité de pilotage et charte (art. 7 à 10)');
  for (const line of committeeLines(report)) pdf.paragraph(line, { bullet: true });
  const communication = communicationLines(report.communication);
  if (communication) {
    pdf.heading('4. Communication et contenus (art. 3, 4 et 7)');
    for (const line of communication) pdf.paragraph(line, { bullet: true });
  }

  // 5. Remarks; 6. completeness.
  pdf.heading('5. Remarques du semestre');
  if (report.remarques.length === 0) pdf.paragraph('Aucune remarque.');
  for (const r of report.remarques) pdf.paragraph(`${date(r.date)}, ${r.lieu} : ${r.remarque}`, { bullet: true });
  pdf.heading('6. Complétude des données');
  for (const line of completenessLines(report)) {
    if (line.startsWith('  ')) pdf.paragraph(line.trim().replace(/^- /, ''), { bullet: true });
    else pdf.subheading(line.replace(/ :$/, ''));
  }

  pdf.numberPages();
  doc.end();
  return done;
}

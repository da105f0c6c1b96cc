// The report as an A4 PDF: pdfkit with DejaVu Sans embedded (the 14 standard PDF fonts lack
// "→", "œ", the narrow no-break space...), charts drawn from our SVG, "Page n / N" at the foot
// of every page. No browser. Text from users flows as wrapped paragraphs and has its control
// characters removed, so a long or odd remark moves to the next page rather than off it.
// The PDF is tagged (see pdfTags.ts): headings, paragraphs, lists, tables with header cells and
// charts with their alternative text form its structure; rules, fills and page numbers are
// artifacts; the sections are bookmarks.
import type { SemesterReport } from '../../domain/report.js';
import { frenchSpacing } from '../../domain/french.js';
import { faceFor, type FontCoverage } from '../poster/fonts.js';
import { OutsideSubsets, registerReportFaces, reportCoverage } from './faces.js';
import { chartDescriptions, reportCharts } from './charts.js';
import { comparisonText, count, date, month, monthValue, percent, totalWithCoverage } from './labels.js';
import { committeeLines, completenessLines, evolutionSentence, PERIMETER_HEADER, perimeterRows, remarkText, workshopIndicatorRows } from './lines.js';
import { communicationLines } from './communication.js';
import { pdfBuffer } from '../pdfBuffer.js';
import { writePageContentAtOnce } from '../pageContent.js';
import { writeDocumentInBlocks } from '../pdfOutput.js';
import { headerScope, PdfTags, TAGGED_DOCUMENT_OPTIONS } from '../pdfTags.js';
import { loadPdfKit } from '../pdfkit.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const REGULAR = faceFor(false, false);
const BOLD = faceFor(true, false);
const ACCENT = '#1f5f99';
// The charts are drawn 480 × 200 (see barChart.ts), scaled to 80 % of the text width.
const CHART_WIDTH = CONTENT_WIDTH * 0.8;
const CHART_HEIGHT = CHART_WIDTH * (200 / 480);

/**
 * Drops control characters (except tab and line breaks) that a PDF font has no glyph for, and
 * gives the text its French spacing: the no-break spaces keep ":" and "»" off the start of a line.
 */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return frenchSpacing(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ''));
}

type Align = 'left' | 'right';

class ReportPdf {
  readonly tags: PdfTags;
  /** The current section's bookmark, under which subheadings go. */
  private section: PDFKit.PDFOutline | undefined;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.tags = new PdfTags(doc);
  }

  private get bottom(): number {
    return A4.height - MARGIN;
  }

  /** A new page when fewer than `height` points are left. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** A section heading (H2), underlined, and its bookmark. */
  heading(text: string, keepWith = 60): void {
    this.ensure(keepWith + 30);
    this.doc.moveDown(0.8).font(BOLD).fontSize(14).fillColor(ACCENT);
    this.tags.leaf('H2', () => this.doc.text(cleanText(text), MARGIN, this.doc.y, { width: CONTENT_WIDTH }));
    this.section = this.doc.outline.addItem(text);
    this.tags.artifact(() => this.doc.moveTo(MARGIN, this.doc.y).lineTo(MARGIN + CONTENT_WIDTH, this.doc.y).strokeColor(ACCENT).lineWidth(0.8).stroke());
    this.doc.moveDown(0.4).fillColor('#222');
  }

  /** A subsection heading (H3), bookmarked under its section. `keepWith`: room needed below it, so that it never ends a page alone. */
  subheading(text: string, keepWith = 40): void {
    this.ensure(keepWith + 20);
    this.doc.moveDown(0.5).font(BOLD).fontSize(11).fillColor('#222');
    this.tags.leaf('H3', () => this.doc.text(cleanText(text), MARGIN, this.doc.y, { width: CONTENT_WIDTH }));
    (this.section ?? this.doc.outline).addItem(text);
    this.doc.moveDown(0.2);
  }

  paragraph(text: string, options: { size?: number } = {}): void {
    this.doc.font(REGULAR).fontSize(options.size ?? 10).fillColor('#222');
    // Two lines' room is enough to start a paragraph: pdfkit carries the rest over to the next
    // page itself, and measuring the whole text first would shape it twice.
    this.ensure(2 * this.doc.currentLineHeight(true));
    this.tags.leaf('P', () => this.doc.text(cleanText(text), MARGIN, this.doc.y, { width: CONTENT_WIDTH }));
    this.doc.moveDown(0.2);
  }

  /** A bulleted list: L > LI > (Lbl "•", LBody text). */
  list(items: string[]): void {
    if (items.length === 0) return;
    const indent = 12;
    this.tags.group('L', () => {
      for (const item of items) {
        this.doc.font(REGULAR).fontSize(10).fillColor('#222');
        this.ensure(2 * this.doc.currentLineHeight(true));
        const y = this.doc.y;
        this.tags.group('LI', () => {
          this.tags.leaf('Lbl', () => this.doc.text('•', MARGIN, y, { lineBreak: false }));
          this.tags.leaf('LBody', () => this.doc.text(cleanText(item), MARGIN + indent, y, { width: CONTENT_WIDTH - indent }));
        });
        this.doc.moveDown(0.2);
      }
    }, {}, { O: 'List', ListNumbering: 'Disc' });
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
    const drawCells = (cells: string[], face: string, y: number, cell: (i: number, draw: () => void) => void) => {
      let x = MARGIN;
      cells.forEach((raw, i) => {
        const text = cleanText(raw);
        const room = columns[i] - 2 * pad;
        const left = x;
        cell(i, () => {
          this.doc.fillColor('#222').font(face).fontSize(size);
          if (text === '') {
            // nothing to draw
          } else if (fits(text, i)) {
            const offset = align[i] === 'right' ? room - this.doc.widthOfString(text) : 0;
            this.doc.text(text, left + pad + offset, y + pad, { lineBreak: false });
          } else {
            this.doc.text(text, left + pad, y + pad, { width: room, align: align[i] ?? 'left' });
          }
        });
        x += columns[i];
      });
    };
    /** One row: a TR of TH (the header) or TD cells, or, for a header repeated on a new page, an artifact. */
    const drawRow = (cells: string[], kind: 'header' | 'repeated-header' | 'body') => {
      const face = kind === 'body' ? REGULAR : BOLD;
      const height = heightOf(cells, face);
      const y = this.doc.y;
      if (kind !== 'body') this.tags.artifact(() => this.doc.rect(MARGIN, y, CONTENT_WIDTH, height).fill('#eef3f8'));
      if (kind === 'repeated-header') {
        this.tags.artifact(() => drawCells(cells, face, y, (_i, draw) => draw()), 'Pagination');
      } else {
        this.tags.group('TR', () =>
          drawCells(cells, face, y, (_i, draw) => (kind === 'header' ? this.tags.leaf('TH', draw, {}, headerScope('Column')) : this.tags.leaf('TD', draw))),
        );
      }
      this.tags.artifact(() => this.doc.moveTo(MARGIN, y + height).lineTo(MARGIN + CONTENT_WIDTH, y + height).strokeColor('#bbbbbb').lineWidth(0.5).stroke());
      this.doc.x = MARGIN;
      this.doc.y = y + height;
    };
    // A short table stays on one page; a long one starts with at least its header and three rows.
    const whole = heightOf(head, BOLD) + rows.reduce((sum, row) => sum + heightOf(row, REGULAR), 0);
    const start = heightOf(head, BOLD) + rows.slice(0, 3).reduce((sum, row) => sum + heightOf(row, REGULAR), 0);
    this.ensure(whole < A4.height / 3 ? whole : start);
    this.tags.group('Table', () => {
      this.tags.group('THead', () => drawRow(head, 'header'));
      this.tags.group('TBody', () => {
        for (const row of rows) {
          if (this.doc.y + heightOf(row, REGULAR) > this.bottom) {
            this.doc.addPage();
            drawRow(head, 'repeated-header');
          }
          drawRow(row, 'body');
        }
      });
    });
    this.doc.moveDown(0.6);
  }

  /** A chart as a Figure whose alternative text states its values. */
  chart(svg: string, alt: string, draw: (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, width: number, height: number) => void): void {
    const width = CHART_WIDTH;
    const height = CHART_HEIGHT;
    this.ensure(height + 10);
    const y = this.doc.y;
    this.tags.figure(alt, { x: MARGIN, y, width, height }, () => draw(this.doc, svg, MARGIN, y, width, height));
    this.doc.y = y + height + 6;
    this.doc.x = MARGIN;
  }

  /** "Page n / N" on every page, once all pages exist. */
  numberPages(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // Writing inside the bottom margin would make pdfkit open a page: lift the margin first.
      this.doc.page.margins.bottom = 0;
      this.tags.artifact(
        () =>
          this.doc.font(REGULAR).fontSize(8).fillColor('#666').text(`Page ${i + 1} / ${range.count}`, MARGIN, A4.height - 30, {
            width: CONTENT_WIDTH,
            align: 'center',
            lineBreak: false,
          }),
        'Pagination',
      );
    }
  }
}

/**
 * A pdfkit document with only the two faces the report uses. Opening a face parses its metrics
 * (a few hundred milliseconds for whole DejaVu faces): no default font is opened, neither
 * Helvetica nor a second copy of DejaVu.
 */
async function newReportDocument(options: PDFKit.PDFDocumentOptions, coverage: FontCoverage): Promise<PDFKit.PDFDocument> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ ...options, autoFirstPage: false, font: null as unknown as string });
  registerReportFaces(doc, [REGULAR, BOLD], coverage);
  writePageContentAtOnce(doc);
  writeDocumentInBlocks(doc);
  return doc.font(REGULAR);
}

export async function renderReportPdf(report: SemesterReport, options: { creationDate?: Date } = {}): Promise<Buffer> {
  if (reportCoverage(report) === 'subset') {
    try {
      return await drawReportPdf(report, options, 'subset');
    } catch (err) {
      if (!(err instanceof OutsideSubsets)) throw err;
    }
  }
  return drawReportPdf(report, options, 'full');
}

/** The report drawn with the given faces (renderReportPdf picks them; tests compare both). */
export async function drawReportPdf(report: SemesterReport, options: { creationDate?: Date }, coverage: FontCoverage): Promise<Buffer> {
  const { default: SVGtoPDF } = await import('svg-to-pdfkit');
  const doc = await newReportDocument({
    ...TAGGED_DOCUMENT_OPTIONS,
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${report.titre} — ${report.semestre.code}`,
      Author: 'Commune du Tampon – CAF de la Réunion',
      Creator: 'cafcharte',
      ...(options.creationDate ? { CreationDate: options.creationDate, ModDate: options.creationDate } : {}),
    },
  }, coverage);
  const done = pdfBuffer(doc);
  const pdf = new ReportPdf(doc);
  const drawSvg = (d: PDFKit.PDFDocument, svg: string, x: number, y: number, width: number, height: number) =>
    SVGtoPDF(d, svg, x, y, { width, height, assumePt: true, preserveAspectRatio: 'xMidYMin meet', fontCallback: (_family, bold) => (bold ? BOLD : REGULAR), warningCallback: () => undefined });
  const charts = reportCharts(report);
  const alt = chartDescriptions(report);

  // Title page.
  doc.addPage();
  doc.font(BOLD).fontSize(22).fillColor(ACCENT);
  pdf.tags.leaf('H1', () => doc.text(report.titre, MARGIN, 220, { width: CONTENT_WIDTH, align: 'left' }));
  doc.moveDown(1.5).fillColor('#222');
  for (const [label, value] of [
    ['Semestre', `${report.semestre.code}, ${report.semestre.libelle}`],
    ['Territoire', report.territoire],
    [`Charte au ${date(report.charte.au)}`, report.charte.etat_libelle],
    ['Rapport établi le', date(report.produit_le)],
    ['Comparé à', `${report.comparaisons.semestre_precedent} (semestre précédent) et ${report.comparaisons.meme_semestre_annee_precedente} (même semestre, année précédente)`],
  ]) {
    pdf.tags.leaf('P', () => doc.font(BOLD).fontSize(11).text(cleanText(`${label} : `), { continued: true }).font(REGULAR).text(cleanText(value)));
    doc.moveDown(0.3);
  }

  // 1. CAF figures.
  doc.addPage();
  const caf = report.chiffres_caf;
  pdf.heading('1. Chiffres de la CAF (art. 7)');
  pdf.subheading('Consultations de caf.fr', CHART_HEIGHT);
  pdf.chart(charts.consultations, alt.consultations, drawSvg);
  pdf.table(['Mois', 'Consultations'], [...caf.consultations.par_mois.map((m) => [month(m.mois), monthValue(m)]), ['Total', totalWithCoverage(caf.consultations)]], [3, 3], ['left', 'right']);
  pdf.paragraph(evolutionSentence(caf.consultations));
  pdf.subheading('Rubriques consultées');
  pdf.table(
    ['Rang', 'Rubrique', 'Consultations', 'Part', 'Évol. semestre préc.', 'Évol. sur un an'],
    [
      ...caf.rubriques.classement.map((r) => [String(r.rang), r.rubrique, count(r.valeur), percent(r.part_pct), comparisonText(r.comparaison_semestre_precedent), comparisonText(r.comparaison_annee_precedente)]),
      ['', 'Total', totalWithCoverage(caf.rubriques), '', comparisonText(caf.rubriques.comparaison_semestre_precedent), comparisonText(caf.rubriques.comparaison_annee_precedente)],
    ],
    [1, 4, 2.2, 1.6, 2.2, 2.2],
    ['right', 'left', 'right', 'right', 'right', 'right'],
  );
  pdf.subheading('Télédéclarations', CHART_HEIGHT);
  pdf.chart(charts.teledeclarations, alt.teledeclarations, drawSvg);
  pdf.table(['Mois', 'Télédéclarations'], [...caf.teledeclarations.par_mois.map((m) => [month(m.mois), monthValue(m)]), ['Total', totalWithCoverage(caf.teledeclarations)]], [3, 3], ['left', 'right']);
  pdf.paragraph(evolutionSentence(caf.teledeclarations));
  pdf.subheading('Par commune');
  const perimeters = perimeterRows(report);
  if (perimeters.length === 0) pdf.paragraph('Aucun chiffre de la CAF par commune ou par lieu ce semestre.');
  else pdf.table(PERIMETER_HEADER, perimeters, [3, 2.5, 2.5, 2.5], ['left', 'right', 'right', 'right']);

  // 2. Workshops.
  const a = report.ateliers;
  pdf.heading('2. Ateliers et accueil (carnet de bord, art. 5)', CHART_HEIGHT);
  pdf.chart(charts.personnes_recues, alt.personnes_recues, drawSvg);
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
  pdf.list(committeeLines(report));
  const communication = communicationLines(report.communication);
  if (communication) {
    pdf.heading('4. Communication et contenus (art. 3, 4 et 7)');
    pdf.list(communication);
  }

  // 5. Remarks; 6. completeness.
  pdf.heading('5. Remarques du semestre');
  if (report.remarques.length === 0) pdf.paragraph('Aucune remarque.');
  pdf.list(report.remarques.map((r) => `${date(r.date)}, ${r.lieu} : ${remarkText(r)}`));
  pdf.heading('6. Complétude des données');
  // Completeness lines: a heading line, then its indented items.
  let items: string[] = [];
  for (const line of completenessLines(report)) {
    if (line.startsWith('  ')) {
      items.push(line.trim().replace(/^- /, ''));
    } else {
      pdf.list(items);
      items = [];
      pdf.subheading(line.replace(/ :$/, ''));
    }
  }
  pdf.list(items);

  pdf.numberPages();
  doc.end();
  return done;
}

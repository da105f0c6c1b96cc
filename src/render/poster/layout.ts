// Fits the slot's paragraphs into the frame: wrap at word boundaries, then shrink the
// font step by step; below the minimum size, refuse rather than print outside the frame.
// Pure given a Measure, so tests can check every line box against the frame.
import type { PosterSlotParagraph, PosterSlotRole } from '../../domain/posterSlot.js';
import { PosterFitError } from './errors.js';

/** A rectangle in the model's user units (points for the shipped template). */
export interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Real font metrics (DejaVu through pdfkit); widths in the same units as the frame. */
export interface Measure {
  width(text: string, bold: boolean, fontSize: number): number;
  /** Ascent and descent as fractions of the font size (descent positive). */
  ascent: number;
  descent: number;
}

/** One laid-out line: its box (top-left, size) and where its baseline falls. */
export interface LineBox {
  text: string;
  role: PosterSlotRole;
  bold: boolean;
  fontSize: number;
  x: number;
  y: number;
  width: number;
  height: number;
  baseline: number;
}

export interface LayoutOptions {
  /** Body size the layout starts from, in points. */
  maxFontSize?: number;
  /** Smallest body size accepted before refusing. */
  minFontSize?: number;
  step?: number;
  /** Blank margin kept inside the frame. */
  padding?: number;
}

export const DEFAULT_LAYOUT = { maxFontSize: 18, minFontSize: 9, step: 0.5, padding: 14 } as const;

const LINE_HEIGHT = 1.25;

/** How each part of the slot stands out: the place's name first and larger. */
const ROLE_STYLE: Record<PosterSlotRole, { bold: boolean; scale: number; gapBefore: number }> = {
  name: { bold: true, scale: 1.4, gapBefore: 0 },
  address: { bold: false, scale: 1, gapBefore: 0.35 },
  commune: { bold: false, scale: 1, gapBefore: 0 },
  phone: { bold: true, scale: 1, gapBefore: 0.35 },
  slots: { bold: false, scale: 1, gapBefore: 0.5 },
};

/**
 * Greedy wrap on ordinary spaces only: no-break spaces (in "Tél. 0262 12 34 56",
 * "mercredi 14h-17h") hold words together. Returns null when one word alone is too wide.
 */
export function wrapWords(text: string, maxWidth: number, widthOf: (s: string) => number): string[] | null {
  const words = text.split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (widthOf(word) > maxWidth) return null;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (widthOf(candidate) <= maxWidth) {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

interface Trial {
  lines: Omit<LineBox, 'x' | 'y' | 'baseline'>[];
  gaps: number[];
  totalHeight: number;
}

function tryAt(paragraphs: PosterSlotParagraph[], base: number, innerWidth: number, measure: Measure): Trial | null {
  const lines: Trial['lines'] = [];
  const gaps: number[] = [];
  let totalHeight = 0;
  for (const [index, paragraph] of paragraphs.entries()) {
    const style = ROLE_STYLE[paragraph.role];
    const fontSize = base * style.scale;
    const wrapped = wrapWords(paragraph.text, innerWidth, (s) => measure.width(s, style.bold, fontSize));
    if (wrapped === null) return null;
    const gap = index === 0 ? 0 : style.gapBefore * base;
    totalHeight += gap;
    for (const [lineIndex, text] of wrapped.entries()) {
      gaps.push(lineIndex === 0 ? gap : 0);
      const height = fontSize * LINE_HEIGHT;
      lines.push({ text, role: paragraph.role, bold: style.bold, fontSize, width: measure.width(text, style.bold, fontSize), height });
      totalHeight += height;
    }
  }
  return { lines, gaps, totalHeight };
}

/**
 * Lays the paragraphs out centred in the frame, at the largest body size that fits.
 * Throws PosterFitError when even the minimum size does not fit.
 */
export function layoutSlot(
  paragraphs: PosterSlotParagraph[],
  frame: Frame,
  measure: Measure,
  options: LayoutOptions = {},
): LineBox[] {
  const { maxFontSize, minFontSize, step, padding } = { ...DEFAULT_LAYOUT, ...options };
  if (paragraphs.length === 0) return [];
  const innerWidth = frame.width - 2 * padding;
  const innerHeight = frame.height - 2 * padding;
  // Whole steps from the top size, so the sizes tried do not drift with float error.
  const steps = Math.floor((maxFontSize - minFontSize) / step + 1e-9);
  for (let i = 0; i <= steps; i++) {
    const base = maxFontSize - i * step;
    const trial = innerWidth > 0 ? tryAt(paragraphs, base, innerWidth, measure) : null;
    if (trial && trial.totalHeight <= innerHeight) return place(trial, frame, measure);
  }
  throw new PosterFitError(
    `Le texte de l’emplacement vierge ne tient pas dans le cadre, même en ${formatPt(minFontSize)} pt : ` +
      `raccourcissez le nom ou l’adresse du lieu (« ${paragraphs[0]!.text.slice(0, 60)} »), ` +
      `ou agrandissez le rectangle « emplacement-vierge » du modèle.`,
  );
}

function place(trial: Trial, frame: Frame, measure: Measure): LineBox[] {
  const centreX = frame.x + frame.width / 2;
  let y = frame.y + (frame.height - trial.totalHeight) / 2;
  return trial.lines.map((line, index) => {
    y += trial.gaps[index]!;
    // Centre the glyphs' ascent+descent inside the line box.
    const glyphHeight = (measure.ascent + measure.descent) * line.fontSize;
    const baseline = y + (line.height - glyphHeight) / 2 + measure.ascent * line.fontSize;
    const box: LineBox = { ...line, x: centreX - line.width / 2, y, baseline };
    y += line.height;
    return box;
  });
}

function formatPt(size: number): string {
  return String(size).replace('.', ',');
}

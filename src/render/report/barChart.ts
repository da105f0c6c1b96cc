// A small SVG bar chart of our own: one bar a month, its value above it. Twenty lines of
// geometry cost nothing at start-up, where a charting library would load a DOM or a canvas.
// The same SVG goes inline into the HTML and through svg-to-pdfkit into the PDF.
import { escapeXml } from '../xml.js';

export interface Bar {
  label: string;
  /** null: no figure for that month; the bar is left out and "n.d." written instead. */
  value: number | null;
  /** The value as printed above the bar ("1 520"). */
  text: string;
}

export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
  color?: string;
}

export const CHART_FONT = 'DejaVu Sans';


const round = (n: number) => Math.round(n * 10) / 10;

export function barChartSvg(bars: Bar[], options: ChartOptions): string {
  const width = options.width ?? 480;
  const height = options.height ?? 200;
  const color = options.color ?? '#1f5f99';
  const top = 34; // title and room for the tallest value
  const bottom = 24; // month labels
  const left = 10;
  const plotHeight = height - top - bottom;
  const slot = (width - 2 * left) / Math.max(bars.length, 1);
  const barWidth = slot * 0.6;
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const baseline = top + plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}" font-family="${CHART_FONT}, sans-serif">`,
    `<text x="${left}" y="14" font-size="12" font-weight="bold" fill="#222">${escapeXml(options.title)}</text>`,
    `<line x1="${left}" y1="${baseline}" x2="${width - left}" y2="${baseline}" stroke="#888" stroke-width="1"/>`,
  ];
  bars.forEach((bar, i) => {
    const center = left + slot * i + slot / 2;
    if (bar.value !== null) {
      const h = max === 0 ? 0 : (bar.value / max) * plotHeight;
      parts.push(`<rect x="${round(center - barWidth / 2)}" y="${round(baseline - h)}" width="${round(barWidth)}" height="${round(h)}" fill="${color}"/>`);
      parts.push(`<text x="${round(center)}" y="${round(baseline - h - 4)}" font-size="9" text-anchor="middle" fill="#222">${escapeXml(bar.text)}</text>`);
    } else {
      parts.push(`<text x="${round(center)}" y="${baseline - 4}" font-size="9" text-anchor="middle" fill="#595959">${escapeXml(bar.text)}</text>`);
    }
    parts.push(`<text x="${round(center)}" y="${baseline + 15}" font-size="9" text-anchor="middle" fill="#444">${escapeXml(bar.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

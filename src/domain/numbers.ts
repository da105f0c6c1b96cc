// French number formatting: "1 520", "12,5 %". A narrow no-break space groups thousands and
// precedes "%", so a number never splits across lines (see french.ts).
import { NNBSP, groupThousands } from './french.js';

export function formatIntFr(value: number): string {
  return groupThousands(value);
}

export function formatDecimalFr(value: number, digits = 1): string {
  const fixed = Math.abs(value).toFixed(digits);
  const [int, dec] = fixed.split('.');
  const sign = value < 0 ? '-' : '';
  return `${sign}${formatIntFr(Number(int))}${dec ? `,${dec}` : ''}`;
}

/** "12,5 %" (or "+12,5 %" with sign). */
export function formatPercentFr(value: number, options: { digits?: number; sign?: boolean } = {}): string {
  const text = formatDecimalFr(value, options.digits ?? 1);
  return `${options.sign && value > 0 ? '+' : ''}${text}${NNBSP}%`;
}

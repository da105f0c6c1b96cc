// French number formatting: "1 520", "12,5 %". A no-break space groups thousands so a
// number never splits across lines.
const NBSP = '\u00a0';

export function formatIntFr(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.abs(Math.round(value))).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
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
  return `${options.sign && value > 0 ? '+' : ''}${text}${NBSP}%`;
}

// Text cells a spreadsheet would read as something else once a user edits them, and the
// quotePrefix style that keeps them text. exceljs cannot write quotePrefix, so those cells are
// given the Text number format ("@", built-in format 49) and the finished workbook's styles.xml
// gets quotePrefix="1" on every cell format that uses it.

/** The Text number format; a cell with it is also given quotePrefix. */
export const TEXT_FORMAT = '@';
const TEXT_FORMAT_ID = 49;

/** OWASP's formula triggers, plus numbers, percentages, dates, times and booleans typed as text. */
const REINTERPRETED = [
  /^[=+\-@\t\r]/,
  /^\s*\d[\d\s\u00a0\u202f.,]*\s*%?\s*$/,
  /^\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?$/,
  /^\d{1,2}:\d{2}(:\d{2})?$/,
  /^(vrai|faux|true|false)$/i,
];

export function wouldBeReinterpreted(text: string): boolean {
  return REINTERPRETED.some((pattern) => pattern.test(text));
}

/** Adds quotePrefix="1" to the Text-format cell styles of an XLSX workbook. */
export async function markQuotePrefixed(xlsx: Buffer): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(xlsx);
  const entry = zip.file('xl/styles.xml');
  if (!entry) return xlsx;
  const styles = await entry.async('string');
  const cellXfs = /<cellXfs\b[\s\S]*?<\/cellXfs>/.exec(styles);
  if (!cellXfs) return xlsx;
  const marked = cellXfs[0].replace(new RegExp(`<xf\\b(?=[^>]*\\snumFmtId="${TEXT_FORMAT_ID}")([^>]*?)(/?)>`, 'g'), (_xf, attributes: string, selfClosing: string) =>
    `<xf${attributes} quotePrefix="1"${selfClosing}>`,
  );
  if (marked === cellXfs[0]) return xlsx;
  // Unchanged entries keep their compressed bytes: only styles.xml is deflated again.
  zip.file('xl/styles.xml', styles.replace(cellXfs[0], marked));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

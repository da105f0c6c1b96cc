// The documents' templates (templates/documents/*.md.hbs) produce a small Markdown subset that
// the three writers (DOCX, ODT, PDF) share, so a user edits one template per document whatever
// the format asked:
//   # Titre            ## Section            - élément de liste        > citation (un article)
//   | a | b |  rows of a table; a row |---|---| marks the rows above it as the header
//   **gras** inside a line; a backslash makes the next character plain text (\* \| \# \-)
//   consecutive plain lines form one paragraph, one line each (addresses); a blank line ends it.
// User text is escaped with escapeMarkup before the template sees it, so it can never open a
// table, a heading or bold text.

/** A run of text in a line; bold only (titles and labels), the rest is the writers' style. */
export interface Run {
  text: string;
  bold: boolean;
}

export type Block =
  | { kind: 'title'; runs: Run[] }
  | { kind: 'heading'; runs: Run[] }
  | { kind: 'paragraph'; lines: Run[][] }
  | { kind: 'bullet'; runs: Run[] }
  | { kind: 'quote'; lines: Run[][] }
  | { kind: 'table'; header: Run[][] | null; rows: Run[][][] };

/** Escapes what the subset reads as markup; line breaks and control characters become spaces. */
export function escapeMarkup(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001F\u007F]+/g, ' ')
      .replace(/[\\*|#>\-+`[\]_]/g, (c) => `\\${c}`)
  );
}

/** Plain text of runs (tests, PDF metadata). */
export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** One line's inline content: **bold** toggles, backslash escapes. */
export function parseInline(line: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let text = '';
  const flush = () => {
    if (text) runs.push({ text, bold });
    text = '';
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      text += line[++i];
    } else if (c === '*' && line[i + 1] === '*') {
      flush();
      bold = !bold;
      i++;
    } else {
      text += c;
    }
  }
  flush();
  return runs;
}

/** Splits a table row on unescaped pipes, keeping escapes for parseInline. */
function tableCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && i + 1 < inner.length) {
      cell += inner[i] + inner[i + 1];
      i++;
    } else if (inner[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += inner[i];
  }
  cells.push(cell.trim());
  return cells;
}

const SEPARATOR_ROW = /^\|(\s*:?-+:?\s*\|)+\s*$/;

export function parseMarkup(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: Run[][] | null = null;
  let quote: Run[][] | null = null;
  let table: { kind: 'table'; header: Run[][] | null; rows: Run[][][] } | null = null;
  const close = () => {
    if (paragraph) blocks.push({ kind: 'paragraph', lines: paragraph });
    if (quote) blocks.push({ kind: 'quote', lines: quote });
    if (table) blocks.push(table);
    paragraph = quote = table = null;
  };
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      close();
      continue;
    }
    const trimmed = line.trimStart();
    if (trimmed.startsWith('|')) {
      if (!table) {
        close();
        table = { kind: 'table', header: null, rows: [] };
      }
      if (SEPARATOR_ROW.test(trimmed)) {
        // The rows read so far were the header (Markdown puts one header row above the separator).
        if (table.header === null && table.rows.length > 0) table.header = table.rows.pop()!;
      } else table.rows.push(tableCells(trimmed).map(parseInline));
      continue;
    }
    const heading = /^(#{1,6}) +(.*)$/.exec(trimmed);
    if (heading) {
      close();
      blocks.push({ kind: heading[1].length === 1 ? 'title' : 'heading', runs: parseInline(heading[2]) });
      continue;
    }
    const bullet = /^[-*] +(.*)$/.exec(trimmed);
    if (bullet) {
      close();
      blocks.push({ kind: 'bullet', runs: parseInline(bullet[1]) });
      continue;
    }
    const quoted = /^> ?(.*)$/.exec(trimmed);
    if (quoted) {
      if (!quote) close();
      quote ??= [];
      quote.push(parseInline(quoted[1]));
      continue;
    }
    if (!paragraph) close();
    paragraph ??= [];
    paragraph.push(parseInline(trimmed));
  }
  close();
  return blocks;
}

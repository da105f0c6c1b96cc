// Bytes of an imported file to text. Excel in French saves "CSV (séparateur: point-virgule)"
// in Windows-1252; other tools save UTF-8 with or without a byte order mark.
import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Windows-1252 code points for bytes 0x80–0x9F (the WHATWG index); every other byte is
 * its own Latin-1 code point. Kept here rather than iconv-lite so that parsing stays pure
 * and synchronous, and because Node 20's TextDecoder('windows-1252') silently decodes as
 * Latin-1 (0x80 stays U+0080 instead of "€"). A test checks this table against iconv-lite.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Which encoding a file was read as, said back to the user on --dry-run. */
export type SourceEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/**
 * How to read a file's bytes. The CSV reader cuts cells from a Latin-1 view of the bytes
 * (one char per byte: a plain copy, where decoding a large file as UTF-8 costs ten times
 * more). Splitting is unaffected, since neither UTF-8 nor Windows-1252 uses an ASCII byte
 * inside a character; `cellText` then gives each cut cell its real text, and the parser
 * calls it once per distinct cell.
 */
export interface SourceText {
  encoding: SourceEncoding;
  /** Bytes of byte order mark to skip. */
  bomLength: number;
  cellText: (cell: string) => string;
}

/** UTF-8 (BOM skipped) when the bytes are valid UTF-8, else Windows-1252. */
export function detectEncoding(bytes: Uint8Array): SourceText {
  const detector = new EncodingDetector();
  detector.update(bytes);
  return detector.result();
}

/**
 * Detects the encoding of a file read in chunks, so that an import never holds the whole
 * file: it sees every chunk once (while the file is hashed), then gives the SourceText.
 */
export class EncodingDetector {
  private head = Buffer.alloc(0); // first bytes, for the byte order mark
  private pending = Buffer.alloc(0); // a character cut by the end of the last chunk
  private validUtf8 = true;
  private ascii = true;

  update(chunk: Uint8Array): void {
    if (this.head.length < 3) this.head = Buffer.concat([this.head, asBuffer(chunk).subarray(0, 3 - this.head.length)]);
    if (!this.validUtf8) return;
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : asBuffer(chunk);
    const cut = completeCharacters(data);
    const body = data.subarray(0, cut);
    if (!isUtf8(body)) this.validUtf8 = false;
    else if (this.ascii && !isAscii(body)) this.ascii = false;
    this.pending = Buffer.from(data.subarray(cut));
  }

  result(): SourceText {
    const head = this.head;
    if (this.validUtf8 && this.pending.length === 0) {
      const hasBom = head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      return { encoding: hasBom ? 'utf-8-bom' : 'utf-8', bomLength: hasBom ? 3 : 0, cellText: this.ascii ? keep : utf8FromLatin1View };
    }
    return { encoding: 'windows-1252', bomLength: 0, cellText: cp1252FromLatin1View };
  }
}

/** Length of the prefix of `data` that ends on a UTF-8 character boundary. */
function completeCharacters(data: Buffer): number {
  let lead = data.length - 1;
  // Step back over at most three continuation bytes (10xxxxxx) to the lead byte.
  while (lead >= 0 && data.length - lead <= 3 && (data[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0 || data[lead]! < 0xc0) return data.length;
  const needed = data[lead]! >= 0xf0 ? 4 : data[lead]! >= 0xe0 ? 3 : 2;
  return data.length - lead < needed ? lead : data.length;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const keep = (cell: string): string => cell;

/** Real text of a cell cut from a Latin-1 view of UTF-8 bytes. */
export function utf8FromLatin1View(cell: string): string {
  for (let i = 0; i < cell.length; i++) {
    if (cell.charCodeAt(i) > 0x7f) return Buffer.from(cell, 'latin1').toString('utf8');
  }
  return cell;
}

/** Real text of a cell cut from a Latin-1 view of Windows-1252 bytes: only 0x80–0x9F differ. */
export function cp1252FromLatin1View(cell: string): string {
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i);
    if (code >= 0x80 && code <= 0x9f) {
      return cell.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
    }
  }
  return cell;
}

export function decodeWindows1252(bytes: Uint8Array): string {
  return cp1252FromLatin1View(asBuffer(bytes).toString('latin1'));
}

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

export interface DecodedText {
  /**
   * The text to tokenise. For UTF-8 it is a Latin-1 view of the bytes (each byte one char):
   * a plain copy, where a real UTF-8 decode of a large file costs ten times more. Splitting
   * is unaffected, since UTF-8 never uses an ASCII byte inside a multi-byte character;
   * `cellText` then turns each cell into real text, once per distinct cell.
   */
  text: string;
  encoding: SourceEncoding;
  cellText: (cell: string) => string;
}

/** UTF-8 (BOM stripped) when the bytes are valid UTF-8, else Windows-1252. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) {
    const hasBom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    const text = buffer.toString('latin1', hasBom ? 3 : 0);
    return { text, encoding: hasBom ? 'utf-8-bom' : 'utf-8', cellText: isAscii(buffer) ? keep : utf8FromLatin1View };
  }
  return { text: decodeWindows1252(buffer), encoding: 'windows-1252', cellText: keep };
}

const keep = (cell: string): string => cell;

/** Real text of a cell cut from a Latin-1 view of UTF-8 bytes. */
export function utf8FromLatin1View(cell: string): string {
  for (let i = 0; i < cell.length; i++) {
    if (cell.charCodeAt(i) > 0x7f) return Buffer.from(cell, 'latin1').toString('utf8');
  }
  return cell;
}

export function decodeWindows1252(bytes: Uint8Array): string {
  // Latin-1 covers every byte outside 0x80–0x9F; patch only those, which are rare.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let needsPatch = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80 && byte <= 0x9f) {
      needsPatch = true;
      break;
    }
  }
  if (!needsPatch) return latin1;
  return latin1.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

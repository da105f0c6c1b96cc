// Bytes of an imported file to text. Excel in French saves "CSV (séparateur: point-virgule)"
// in Windows-1252; other tools save UTF-8 with or without a byte order mark.

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
  text: string;
  encoding: SourceEncoding;
}

/** Decodes once: UTF-8 (BOM stripped) when the bytes are valid UTF-8, else Windows-1252. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    // fatal: invalid UTF-8 throws instead of producing U+FFFD, which is our signal for 1252.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

export function decodeWindows1252(bytes: Uint8Array): string {
  // Latin-1 covers every byte outside 0x80–0x9F; patch only those, which are rare.
  const latin1 = new TextDecoder('latin1').decode(bytes);
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

/**
 * The parser reports UTF-8 byte offsets; editors count UTF-16 code units. One converter per parsed text.
 * ASCII text (the common case) maps one to one and costs nothing.
 */
export function byteToUtf16(text: string): (byteOffset: number) => number {
  if (!/[^\x00-\x7f]/.test(text)) return (b) => Math.min(b, text.length);
  const utf16AtByte: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) utf16AtByte.push(i);
    if (code >= 0x10000) i++; // a surrogate pair is one code point
  }
  utf16AtByte.push(text.length);
  return (b) => utf16AtByte[Math.min(Math.max(b, 0), utf16AtByte.length - 1)];
}

/** The parser's error cursor counts characters (code points), not bytes: its UTF-16 offset. */
export function codePointToUtf16(text: string, codePoints: number): number {
  let offset = 0;
  for (let n = 0; n < codePoints && offset < text.length; n++) offset += text.codePointAt(offset)! >= 0x10000 ? 2 : 1;
  return offset;
}

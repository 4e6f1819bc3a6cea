/**
 * What the official parser's DMMF leaves out, read from the top-level blocks of a schema file: which
 * blocks are `view`s, the `@@schema` of enums, `Unsupported("...")` fields, and the datasource's
 * connection lines (Prisma 7's parser rejects them). Only block boundaries and single attribute lines are
 * read here; every model, field and relation is parsed by Prisma's own parser (prismaWasm.ts).
 */

export interface PrismaBlock {
  keyword: string;
  name: string;
  /** Offset of the keyword, and just past the closing brace. */
  start: number;
  end: number;
  /** Just past the opening brace. */
  bodyStart: number;
}

/** `text` with comments and string contents replaced by spaces (same length): attributes are searched here. */
export function codeOnly(text: string): string {
  const parts: string[] = [];
  let from = 0;
  const spaces = (start: number, end: number) => text.slice(start, end).replace(/[^\n]/g, ' ');
  for (let i = 0; i < text.length; ) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      parts.push(text.slice(from, i), ' '.repeat(stop - i));
      i = from = stop;
    } else if (ch === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(j, text.length);
      const closed = text[j] === '"';
      parts.push(text.slice(from, i + 1), spaces(i + 1, j), closed ? '"' : '');
      i = from = closed ? j + 1 : j;
    } else {
      i++;
    }
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** The top-level blocks (`model X {`, `enum Y {`, ...) with their extents. Lines outside any block are skipped. */
export function scanBlocks(text: string, code = codeOnly(text)): PrismaBlock[] {
  const blocks: PrismaBlock[] = [];
  const header = /^[ \t]*([A-Za-z]+)[ \t]+([A-Za-z_][\w]*)[ \t]*\{/gm;
  let m: RegExpExecArray | null;
  let from = 0;
  while ((header.lastIndex = from), (m = header.exec(code))) {
    const bodyStart = m.index + m[0].length;
    let depth = 1;
    let i = bodyStart;
    for (; i < code.length && depth > 0; i++) {
      if (code[i] === '{') depth++;
      else if (code[i] === '}') depth--;
    }
    blocks.push({ keyword: m[1], name: m[2], start: m.index + m[0].indexOf(m[1]), end: i, bodyStart });
    from = i;
  }
  return blocks;
}

/** `text` with [start, end) replaced by spaces, line breaks kept (so positions and lines stay valid). */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
}

/**
 * The functions below read one block of `text`; `code` is `codeOnly(text)`, made once per file by the
 * caller (making it per block would make a schema's reading quadratic in its number of blocks).
 */

/** The string argument of the first `@@attr("...")` in a block, e.g. `@@schema("billing")`. */
export function blockAttribute(text: string, code: string, block: PrismaBlock, attr: string): string | undefined {
  const at = new RegExp(`@@${attr}\\(\\s*"`).exec(code.slice(block.bodyStart, block.end));
  if (!at) return undefined;
  const open = block.bodyStart + at.index + at[0].length;
  return text.slice(open, text.indexOf('"', open));
}

/** Each `name Unsupported("type")` field of a model block: its database name, type and nullability. */
export function unsupportedFields(text: string, code: string, block: PrismaBlock): { name: string; type: string; nullable: boolean; list: boolean }[] {
  const fields = [];
  // Searched within the block: from its start to the end of the file would be quadratic in a schema's size.
  for (const m of code.slice(block.bodyStart, block.end).matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]+Unsupported\(\s*"/gm)) {
    const open = block.bodyStart + m.index! + m[0].length;
    const close = text.indexOf('"', open);
    const rest = code.slice(close, code.indexOf('\n', close) < 0 ? code.length : code.indexOf('\n', close));
    const mapped = /@map\(\s*"/.exec(rest);
    const mapStart = mapped ? close + mapped.index + mapped[0].length : -1;
    fields.push({
      name: mapped ? text.slice(mapStart, text.indexOf('"', mapStart)) : m[1],
      type: text.slice(open, close),
      nullable: /^"\s*\)\s*\?/.test(rest) || /^"\s*\)\s*\[\]/.test(rest),
      list: /^"\s*\)\s*\[\]/.test(rest),
    });
  }
  return fields;
}

/** Offsets of `@ignore` and `@@ignore` attributes in a block (code only, not comments or strings). */
export function ignoreAttributes(code: string, block: PrismaBlock): { start: number; end: number }[] {
  return [...code.slice(block.bodyStart, block.end).matchAll(/@@?ignore(?![\w.])/g)].map((m) => ({ start: block.bodyStart + m.index!, end: block.bodyStart + m.index! + m[0].length }));
}

/** The datasource's `url = ...`-style lines (Prisma 5/6), with the text of their value. */
export function connectionLines(text: string, code: string, block: PrismaBlock): { start: number; end: number; key: string; value: string }[] {
  const lines = [];
  const line = /^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=[^\n]*/gm;
  line.lastIndex = block.bodyStart;
  for (let m = line.exec(code); m && m.index < block.end; m = line.exec(code)) {
    const end = Math.min(m.index + m[0].length, block.end - 1);
    lines.push({ start: m.index, end, key: m[1], value: text.slice(m.index + m[0].indexOf('=') + 1, end).trim() });
  }
  return lines;
}

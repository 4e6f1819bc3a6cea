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
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(j, text.length);
      const closed = text[j] === '"';
      out += '"' + text.slice(i + 1, j).replace(/[^\n]/g, ' ') + (closed ? '"' : '');
      i = closed ? j + 1 : j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The top-level blocks (`model X {`, `enum Y {`, ...) with their extents. Lines outside any block are skipped. */
export function scanBlocks(text: string): PrismaBlock[] {
  const code = codeOnly(text);
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

/** The string argument of the first `@@attr("...")` in a block, e.g. `@@schema("billing")`. */
export function blockAttribute(text: string, block: PrismaBlock, attr: string): string | undefined {
  const code = codeOnly(text).slice(block.bodyStart, block.end);
  const at = new RegExp(`@@${attr}\\(\\s*"`).exec(code);
  if (!at) return undefined;
  const open = block.bodyStart + at.index + at[0].length;
  return text.slice(open, text.indexOf('"', open));
}

/** Each `name Unsupported("type")` field of a model block: its database name, type and nullability. */
export function unsupportedFields(text: string, block: PrismaBlock): { name: string; type: string; nullable: boolean; list: boolean }[] {
  const fields = [];
  const code = codeOnly(text);
  const line = /^[ \t]*([A-Za-z_]\w*)[ \t]+Unsupported\(\s*"/gm;
  line.lastIndex = block.bodyStart;
  for (let m = line.exec(code); m && m.index < block.end; m = line.exec(code)) {
    const open = m.index + m[0].length;
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
export function ignoreAttributes(text: string, block: PrismaBlock): { start: number; end: number }[] {
  const code = codeOnly(text).slice(block.bodyStart, block.end);
  return [...code.matchAll(/@@?ignore(?![\w.])/g)].map((m) => ({ start: block.bodyStart + m.index!, end: block.bodyStart + m.index! + m[0].length }));
}

/** The datasource's `url = ...`-style lines (Prisma 5/6), with the text of their value. */
export function connectionLines(text: string, block: PrismaBlock): { start: number; end: number; key: string; value: string }[] {
  const code = codeOnly(text);
  const lines = [];
  const line = /^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=[^\n]*/gm;
  line.lastIndex = block.bodyStart;
  for (let m = line.exec(code); m && m.index < block.end; m = line.exec(code)) {
    const end = Math.min(m.index + m[0].length, block.end - 1);
    lines.push({ start: m.index, end, key: m[1], value: text.slice(m.index + m[0].indexOf('=') + 1, end).trim() });
  }
  return lines;
}

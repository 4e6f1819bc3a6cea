import type { Origin } from '../../analysis/types';
import { codeOnly, scanBlocks } from './blocks';
import { LineIndex } from '../../project/textPositions';

/** Where a model, view or enum (and one of its fields or values) is declared in the schema files. */
export type PrismaLocator = (block: string, member?: string) => Origin | undefined;

/**
 * Finds declarations by their block header and the line a member starts with: `model User {` and the
 * line `email String`. `files[i]` names the file whose text is `texts[i]` (the name origins carry).
 */
export function prismaLocator(files: readonly string[], texts: readonly string[]): PrismaLocator {
  const blocks = new Map<string, { file: string; lines: LineIndex; code: string; start: number; nameAt: number; bodyStart: number; end: number }>();
  texts.forEach((text, i) => {
    const code = codeOnly(text);
    // One index of line starts a file: an origin's line by binary search (counting the lines before each of
    // thousands of fields was quadratic in the schema's size).
    const lines = new LineIndex(text);
    for (const b of scanBlocks(text)) {
      if (blocks.has(b.name)) continue;
      const nameAt = code.indexOf(b.name, b.start + b.keyword.length);
      blocks.set(b.name, { file: files[i], lines, code, start: b.start, nameAt, bodyStart: b.bodyStart, end: b.end });
    }
  });
  const origin = (file: string, lines: LineIndex, start: number, length: number): Origin => ({
    file,
    span: { start, end: start + length },
    line: lines.positionAt(start).line,
  });
  return (name, member) => {
    const b = blocks.get(name);
    if (!b) return undefined;
    if (member === undefined) return origin(b.file, b.lines, b.nameAt, name.length);
    const escaped = member.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const line = new RegExp(`^[ \\t]*(${escaped})(?![\\w])`, 'm').exec(b.code.slice(b.bodyStart, b.end));
    return line ? origin(b.file, b.lines, b.bodyStart + line.index + line[0].length - member.length, member.length) : undefined;
  };
}

/**
 * Offsets ↔ line/character positions. Offsets and characters count UTF-16 code units (the analysis core's
 * offsets, LSP's default position encoding, SARIF's `utf16CodeUnits`). Lines end at `\n`, `\r\n` or `\r`,
 * as LSP defines them. Positions are 0-based; add 1 for the CLI's and SARIF's 1-based lines and columns.
 */

export interface TextPosition {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 code unit within the line. */
  character: number;
}

export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] = 0. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    // Without a carriage return, lines end at each \n: the native search is many times faster than a
    // loop over every character (a 50,000-line document is indexed again on each keystroke).
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset (clamped to the text). */
  positionAt(offset: number): TextPosition {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.lineStarts[low] };
  }

  /** The offset of a position; a character past the end of its line means the end of the line (before its break). */
  offsetAt(position: TextPosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    let end = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return Math.max(start, Math.min(start + position.character, end));
  }
}

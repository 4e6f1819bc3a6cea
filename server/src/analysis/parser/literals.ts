/**
 * Where the quoted parts of SQL text are: string and identifier quotes, dollar quotes and comments,
 * following the scanner's rules. Used only around the real scanner's two limits: it cannot say where
 * an unterminated literal begins, and it fails on very long tokens (a long function body), which are
 * therefore shortened before scanning.
 */
export interface Literal {
  start: number;
  end: number;
  /** What the literal can be shortened to without changing how the text scans. */
  placeholder: string;
}

export interface LiteralScan {
  literals: Literal[];
  /** Offset where an unterminated literal begins, if one does. */
  unterminatedAt?: number;
}

export function findLiterals(text: string): LiteralScan {
  const literals: Literal[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    let end: number;
    let placeholder = '';
    if (two === '--') {
      const nl = text.indexOf('\n', i);
      end = nl < 0 ? text.length : nl;
      placeholder = '--';
    } else if (two === '/*') {
      end = commentEnd(text, i);
      placeholder = '/**/';
    } else if (c === "'") {
      end = quoteEnd(text, i, "'", /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? ''));
      placeholder = "''";
    } else if (c === '"') {
      end = quoteEnd(text, i, '"', false);
    } else if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64))?.[0];
      if (!tag) {
        i++;
        continue;
      }
      const close = text.indexOf(tag, i + tag.length);
      end = close < 0 ? -1 : close + tag.length;
      placeholder = '$$$$';
    } else {
      i++;
      continue;
    }
    if (end < 0) return { literals, unterminatedAt: i };
    if (placeholder) literals.push({ start: i, end, placeholder });
    i = end;
  }
  return { literals };
}

function quoteEnd(text: string, i: number, q: string, backslashEscapes: boolean): number {
  for (let k = i + 1; k < text.length; k++) {
    if (backslashEscapes && text[k] === '\\') k++;
    else if (text[k] === q) {
      if (text[k + 1] === q) k++;
      else return k + 1;
    }
  }
  return -1;
}

function commentEnd(text: string, i: number): number {
  let depth = 0;
  for (let k = i; k < text.length - 1; k++) {
    const two = text.slice(k, k + 2);
    if (two === '/*') {
      depth++;
      k++;
    } else if (two === '*/') {
      depth--;
      k++;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}

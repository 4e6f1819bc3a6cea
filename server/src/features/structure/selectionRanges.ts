import type { DocumentAnalysis, Span } from '../../analysis';
import type { ScanToken } from '../../analysis/parser/pgParser';

/**
 * Smart selection at an offset, innermost first: the word, the dotted name it is part of
 * (`public.api_keys.id`), each enclosing parenthesised group (inside, then with its parentheses), the clause
 * (from its keyword to the next clause at the same depth), and the statement. Each range contains the one
 * before it; equal ranges are given once.
 */
export function selectionRanges(analysis: DocumentAnalysis, offset: number): Span[] {
  const statement = analysis.parsed.statements.find((s) => s.span.start <= offset && offset <= s.span.end);
  if (!statement) return [];
  const tokens = statement.tokens;
  const out: Span[] = [];
  const push = (span: Span | undefined) => {
    if (!span) return;
    const last = out[out.length - 1];
    if (last && span.start === last.start && span.end === last.end) return;
    if (last && (span.start > last.start || span.end < last.end)) return;
    out.push(span);
  };
  const i = tokens.findIndex((t) => t.start <= offset && offset <= t.end);
  if (i >= 0) {
    const t = tokens[i];
    push({ start: t.start, end: t.end });
    push(dottedName(tokens, i));
  }
  const at = i >= 0 ? i : tokens.findIndex((t) => t.start > offset);
  for (const group of enclosingGroups(tokens, at < 0 ? tokens.length : at)) {
    const [open, close] = group;
    // Inside a group, the clause there (`WHERE ...` of a subquery), then the inner text, then the group.
    const inner = clauseAround(tokens, at, open + 1, close);
    push(inner.item);
    push(inner.clause);
    if (close - open > 1) push({ start: tokens[open + 1].start, end: tokens[close - 1].end });
    push({ start: tokens[open].start, end: tokens[close].end });
  }
  const end = tokens[tokens.length - 1]?.text === ';' ? tokens.length - 1 : tokens.length;
  const top = clauseAround(tokens, at, 0, end);
  push(top.item);
  push(top.clause);
  push(statement.span);
  return out;
}

const CLAUSE = /^(select|from|where|group|having|order|limit|offset|window|returning|set|values|join|left|right|full|inner|cross|natural|with|union|intersect|except|into|add|alter|drop)$/i;
const JOIN_WORD = /^(left|right|full|inner|cross|natural|outer)$/i;

/**
 * Around the token `at`, at the depth of [from, to): the list item (between commas or clause keywords)
 * and the clause (from its keyword to the next clause keyword), as spans.
 */
function clauseAround(tokens: ScanToken[], at: number, from: number, to: number): { item?: Span; clause?: Span } {
  if (to <= from || at < from || at >= to) return {};
  const starts: number[] = [];
  const commas: number[] = [];
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k].text;
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (depth === 0 && t === ',') commas.push(k);
    else if (depth === 0 && CLAUSE.test(t) && !(k > from && JOIN_WORD.test(tokens[k - 1].text) && /^(join|outer)$/i.test(t))) starts.push(k);
  }
  const around = (bounds: number[], inclusiveStart: boolean): Span | undefined => {
    let begin = from;
    let finish = to - 1;
    for (const s of bounds) {
      if (s <= at) begin = inclusiveStart ? s : s + 1;
      else {
        finish = s - 1;
        break;
      }
    }
    return finish >= begin ? { start: tokens[begin].start, end: tokens[finish].end } : undefined;
  };
  const clause = around(starts, true);
  // An item: between the commas and clause keywords around it (a keyword opens the first item after it).
  const separators = [...commas, ...starts].sort((x, y) => x - y);
  let begin = from;
  let finish = to - 1;
  for (const s of separators) {
    if (s <= at) begin = s + 1;
    else {
      finish = s - 1;
      break;
    }
  }
  // `GROUP BY`, `ORDER BY`: the BY belongs to the keyword.
  if (/^by$/i.test(tokens[begin]?.text ?? '') && begin < finish) begin++;
  // After LEFT, the rest of a join is the clause itself, not an item of it.
  if (/^(join|outer)$/i.test(tokens[begin]?.text ?? '')) return { clause };
  const item = finish >= begin && begin <= at ? { start: tokens[begin].start, end: tokens[finish].end } : undefined;
  return { item, clause };
}

function dottedName(tokens: ScanToken[], i: number): Span {
  let a = i;
  let b = i;
  if (tokens[i].text === '.') {
    a = i - 1;
    b = i + 1;
  }
  while (a >= 2 && tokens[a - 1]?.text === '.') a -= 2;
  while (tokens[b + 1]?.text === '.' && tokens[b + 2]) b += 2;
  a = Math.max(a, 0);
  b = Math.min(b, tokens.length - 1);
  return { start: tokens[a].start, end: tokens[b].end };
}

/** The parenthesis pairs around token index `at`, innermost first, as [open, close] token indexes. */
function enclosingGroups(tokens: ScanToken[], at: number): [number, number][] {
  const stack: number[] = [];
  for (let k = 0; k < at && k < tokens.length; k++) {
    if (tokens[k].text === '(') stack.push(k);
    else if (tokens[k].text === ')') stack.pop();
  }
  const groups: [number, number][] = [];
  let depth = 0;
  for (let k = at; k < tokens.length && stack.length; k++) {
    const t = tokens[k].text;
    if (t === '(') depth++;
    else if (t === ')') {
      if (depth === 0) groups.push([stack.pop()!, k]);
      else depth--;
    }
  }
  return groups;
}

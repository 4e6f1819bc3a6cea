import { Random } from '../support/random';

/** One fuzz input: a real statement (`original`) and what the mutations made of it. */
export interface FuzzInput {
  /** Position in the stream of its seed: with the seed, it reproduces the input. */
  index: number;
  original: string;
  text: string;
  mutations: string[];
}

interface Token {
  start: number;
  end: number;
}

/**
 * SQL-ish tokens: words, numbers, whole quoted strings and identifiers, dollar-quote delimiters,
 * operators. Deliberately not the Postgres scanner: a dollar-quoted function body splits into its own
 * tokens, so mutations reach PL/pgSQL bodies too.
 */
function tokenize(text: string): Token[] {
  const re = /[\p{L}_][\p{L}\p{N}_$]*|\d+(?:\.\d+)?|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|\$\w*\$|::|--[^\n]*|\/\*|\*\/|[^\s\p{L}\p{N}_]/gu;
  return [...text.matchAll(re)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

/** Characters that have broken tokenizers and offset arithmetic: multi-unit, invisible, lone surrogates, line breaks. */
const ODD_TEXT = ['é', 'ß', '日本', '𝔘', '😀', 'e\u0301', '\u200b', '\u200f', '\ufeff', '\u00a0', '\u2028', '\ud800', '\udc00', '\r', '\r\n', '\t', '\u0000'];
/** Openers and closers that unbalance a statement. */
const UNBALANCING = ["'", '"', "E'", 'U&"', '$$', '$fn$', '$1', '/*', '*/', '--', '(', ')', '[', ']', ';', '::', '\\'];

type Mutation = (text: string, tokens: Token[], random: Random, donor: () => string) => string;

const at = (text: string, offset: number, insert: string, removeTo = offset) => text.slice(0, offset) + insert + text.slice(removeTo);

const MUTATIONS: Record<string, Mutation> = {
  deleteToken: (text, tokens, random) => {
    const t = random.pick(tokens);
    return at(text, t.start, '', t.end);
  },
  duplicateToken: (text, tokens, random) => {
    const t = random.pick(tokens);
    return at(text, t.end, ` ${text.slice(t.start, t.end)}`);
  },
  swapTokens: (text, tokens, random) => {
    const i = random.int(0, tokens.length - 1);
    const j = random.chance(0.7) ? Math.min(tokens.length - 1, i + 1) : random.int(0, tokens.length - 1);
    const [a, b] = [tokens[Math.min(i, j)], tokens[Math.max(i, j)]];
    if (a === b) return text;
    return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
  },
  truncate: (text, tokens, random) => {
    const t = random.pick(tokens);
    return text.slice(0, random.pick([t.start, t.end, random.int(t.start, t.end)]));
  },
  insertOddText: (text, tokens, random) => {
    const t = random.pick(tokens);
    return at(text, random.pick([t.start, t.end, random.int(t.start, t.end)]), random.pick(ODD_TEXT));
  },
  insertNul: (text, _tokens, random) => at(text, random.int(0, text.length), '\u0000'.repeat(random.int(1, 3))),
  unbalance: (text, tokens, random) => {
    const t = random.pick(tokens);
    return at(text, random.pick([t.start, t.end, random.int(t.start, t.end)]), random.pick(UNBALANCING));
  },
  dropQuote: (text, _tokens, random) => {
    const quotes = [...text.matchAll(/['"$]/g)].map((m) => m.index!);
    if (quotes.length === 0) return text;
    const q = random.pick(quotes);
    return at(text, q, '', q + 1);
  },
  graftToken: (text, tokens, random, donor) => {
    const other = donor();
    const from = random.pick(tokenize(other));
    return from ? at(text, random.pick(tokens).start, `${other.slice(from.start, from.end)} `) : text;
  },
  repeat: (text, _tokens, random) => Array.from({ length: random.int(2, 40) }, () => text).join(random.pick(['\n', ' ', ''])),
};

/** Weights: the listed kinds often, whole-statement repetition (big inputs) rarely. */
const WEIGHTED = [
  ...['deleteToken', 'duplicateToken', 'swapTokens', 'truncate', 'insertOddText', 'insertNul', 'unbalance', 'dropQuote', 'graftToken'].flatMap((m) => [m, m, m, m, m]),
  'repeat',
];

/**
 * A reproducible stream of mutants of real statements. Every fourth input walks a systematic plan,
 * cutting statement after statement at every token boundary; the others stack one to three random
 * mutations, sometimes between valid neighbours (so offsets past the first statement are exercised).
 */
export class InputStream {
  private readonly random: Random;
  private readonly order: number[];
  private index = 0;
  private cut = { statement: 0, token: 0 };

  constructor(
    private readonly statements: readonly string[],
    readonly seed: number,
  ) {
    if (statements.length === 0) throw new Error('no seed statements to mutate');
    this.random = new Random(seed);
    this.order = statements.map((_, i) => i);
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = this.random.int(0, i);
      [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    }
  }

  next(): FuzzInput {
    const index = this.index++;
    if (index % 4 === 3) return this.nextCut(index);
    const random = this.random;
    const original = random.pick(this.statements);
    const mutations: string[] = [];
    let text = original;
    for (let n = random.int(1, 3); n > 0; n--) {
      const tokens = tokenize(text);
      const name = random.pick(WEIGHTED);
      if (tokens.length === 0 && name !== 'insertNul' && name !== 'repeat') continue;
      text = MUTATIONS[name](text, tokens, random, () => random.pick(this.statements));
      mutations.push(name);
    }
    if (random.chance(0.25)) {
      text = `${random.pick(this.statements)}\n${text}${random.chance(0.5) ? `\n${random.pick(this.statements)}` : ''}`;
      mutations.push('withNeighbours');
    }
    return { index, original, text, mutations };
  }

  /** The next cut of the systematic plan: statement by statement (in a seeded order), token by token. */
  private nextCut(index: number): FuzzInput {
    for (;;) {
      const original = this.statements[this.order[this.cut.statement % this.order.length]];
      const tokens = tokenize(original);
      if (this.cut.token < tokens.length) {
        const text = original.slice(0, tokens[this.cut.token++].end);
        return { index, original, text, mutations: [`truncateAfterToken ${this.cut.token - 1}`] };
      }
      this.cut = { statement: this.cut.statement + 1, token: 0 };
    }
  }
}

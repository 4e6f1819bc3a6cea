import { format as formatSql } from 'sql-formatter';
import type { DocumentAnalysis, Span } from '../../analysis';
import { sameMeaning } from './sameMeaning';

export interface FormatOptions {
  /** `preserve` keeps keywords as written. */
  keywordCase: 'preserve' | 'upper' | 'lower';
  tabSize: number;
  insertSpaces: boolean;
}

export interface FormatResult {
  edits: { span: Span; newText: string }[];
  /** Statements left as written, and why (they do not parse, or formatting would change what they mean). */
  refused: { span: Span; why: string }[];
}

/**
 * Formats a document (or the statements a range touches) one statement at a time with sql-formatter's
 * PostgreSQL dialect, chosen by measurement on the corpus (docs/ARCHITECTURE.md, features/formatting). Nothing between statements changes, so
 * comments and blank lines there stay; a dollar-quoted body is a string to the formatter and stays as it
 * is. Every formatted statement is parsed again with the real parser: when its tree or its comments differ
 * from the original's, the statement is refused and left as written.
 */
export function formatDocument(analysis: DocumentAnalysis, options: FormatOptions, range?: Span): FormatResult {
  const result: FormatResult = { edits: [], refused: [] };
  for (const statement of analysis.parsed.statements) {
    const span = statement.span;
    if (range && (span.end <= range.start || span.start >= range.end)) continue;
    if (!statement.node) {
      result.refused.push({ span, why: 'it does not parse' });
      continue;
    }
    const formatted = formatStatement(statement.text, options);
    if (formatted.error !== undefined) {
      result.refused.push({ span, why: `the formatter failed: ${formatted.error}` });
      continue;
    }
    if (formatted.text === statement.text) continue;
    const check = checkedMeaning(statement.text, formatted.text);
    if (!check.same) {
      result.refused.push({ span, why: check.why });
      continue;
    }
    result.edits.push({ span, newText: formatted.text });
  }
  return result;
}

type Formatted = { text: string; error?: undefined } | { error: string };

/** Formatted statements by options and text: formatting again an unchanged statement (format on save) costs nothing. */
const formattedCache = new Map<string, Formatted>();
const CACHE_SIZE = 5_000;

/** sameMeaning of a statement and its formatted text, remembered (both texts are the key). */
const checkedCache = new Map<string, ReturnType<typeof sameMeaning>>();
function checkedMeaning(before: string, after: string): ReturnType<typeof sameMeaning> {
  const key = `${before.length}:${before}\u0000${after}`;
  let found = checkedCache.get(key);
  if (!found) {
    found = sameMeaning(before, after);
    if (checkedCache.size >= CACHE_SIZE) checkedCache.delete(checkedCache.keys().next().value!);
    checkedCache.set(key, found);
  }
  return found;
}

/** One statement through the formatter: its text, or why it failed. */
export function formatStatement(text: string, options: FormatOptions): Formatted {
  const key = `${options.keywordCase}:${options.tabSize}:${options.insertSpaces}:${text}`;
  const cached = formattedCache.get(key);
  if (cached) return cached;
  const result = runFormatter(text, options);
  if (formattedCache.size >= CACHE_SIZE) formattedCache.delete(formattedCache.keys().next().value!);
  formattedCache.set(key, result);
  return result;
}

function runFormatter(text: string, options: FormatOptions): Formatted {
  try {
    const out = formatSql(text, {
      language: 'postgresql',
      keywordCase: options.keywordCase,
      tabWidth: options.tabSize,
      useTabs: !options.insertSpaces,
    });
    return { text: out.trim() };
  } catch (e) {
    return { error: String((e as Error).message ?? e).split('\n')[0] };
  }
}

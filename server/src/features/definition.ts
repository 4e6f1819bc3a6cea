import type { DocumentAnalysis } from '../analysis';
import type { DefinitionTarget } from './types';
import { targetAt } from './hover';

/**
 * Where the name at an offset was defined: the CREATE TABLE / ADD COLUMN (or prisma field) that made a
 * column or relation, or, for an alias, the FROM item of the same statement that introduced it.
 */
export function definition(analysis: DocumentAnalysis, offset: number): DefinitionTarget | undefined {
  const found = targetAt(analysis, offset);
  if (!found) return undefined;
  const { target } = found;
  switch (target.kind) {
    case 'column': {
      const origin = target.column.column?.origin;
      return origin && { file: origin.file, span: origin.span };
    }
    case 'relation':
      return target.relation.origin && { file: target.relation.origin.file, span: target.relation.origin.span };
    case 'alias':
      return aliasDefinition(analysis, offset, target.item.refname);
    case 'cte':
      return cteDefinition(analysis, offset, target.name);
  }
}

/** The alias's own token in the statement: the first word after its relation that spells it. */
function aliasDefinition(analysis: DocumentAnalysis, offset: number, alias: string | undefined): DefinitionTarget | undefined {
  const statement = analysis.parsed.statements.find((s) => s.span.start <= offset && offset <= s.span.end);
  const tokens = statement?.tokens ?? [];
  const i = tokens.findIndex((t, k) => t.text.toLowerCase() === alias && k > 0 && (/^as$/i.test(tokens[k - 1].text) || /^[\w"]/.test(tokens[k - 1].text)) && tokens[k + 1]?.text !== '.');
  return i >= 0 ? { file: '', span: { start: tokens[i].start, end: tokens[i].end } } : undefined;
}

/** `WITH name AS (`: the CTE's name token. */
function cteDefinition(analysis: DocumentAnalysis, offset: number, name: string): DefinitionTarget | undefined {
  const statement = analysis.parsed.statements.find((s) => s.span.start <= offset && offset <= s.span.end);
  const tokens = statement?.tokens ?? [];
  const i = tokens.findIndex((t, k) => t.text.toLowerCase() === name.toLowerCase() && /^(as|\()$/i.test(tokens[k + 1]?.text ?? ''));
  return i >= 0 ? { file: '', span: { start: tokens[i].start, end: tokens[i].end } } : undefined;
}

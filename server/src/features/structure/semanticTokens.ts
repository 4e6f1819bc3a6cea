import type { DocumentAnalysis, Span } from '../../analysis';
import { builtinFunctions } from '../../analysis/catalog/builtin';
import { namesInDocument } from '../navigation/namesInDocument';

export type TokenType = 'table' | 'view' | 'column' | 'alias' | 'cte' | 'function' | 'parameter';
export type TokenModifier = 'declaration' | 'defaultLibrary';

export interface SemanticToken {
  span: Span;
  type: TokenType;
  modifiers: TokenModifier[];
}

/**
 * Semantic tokens from the resolver: a relation, column, alias or CTE gets a token only where the name
 * resolved (an unknown name keeps the grammar's colour), functions where the catalog or pg_catalog has the
 * name and a parenthesis follows, `$1` parameters. In document order, never overlapping.
 */
export function semanticTokens(analysis: DocumentAnalysis, file: string): SemanticToken[] {
  const out: SemanticToken[] = [];
  for (const use of namesInDocument(analysis, file)) {
    const t = use.target;
    const modifiers: TokenModifier[] = use.definition ? ['declaration'] : [];
    switch (t.kind) {
      case 'relation':
        out.push({ span: use.span, type: t.relation.kind === 'table' || t.relation.kind === 'foreign table' ? 'table' : 'view', modifiers });
        break;
      case 'column':
        out.push({ span: use.span, type: 'column', modifiers });
        break;
      case 'alias':
        out.push({ span: use.span, type: 'alias', modifiers });
        break;
      case 'cte':
        out.push({ span: use.span, type: 'cte', modifiers });
        break;
    }
  }
  analysis.parsed.statements.forEach((statement, i) => {
    const catalog = analysis.sessionBefore(i).catalog;
    const tokens = statement.tokens;
    tokens.forEach((token, k) => {
      if (/^\$\d+$/.test(token.text)) out.push({ span: { start: token.start, end: token.end }, type: 'parameter', modifiers: [] });
      else if (tokens[k + 1]?.text === '(' && tokens[k - 1]?.text !== '.' && /^[a-z_]/i.test(token.text)) {
        const name = token.text.toLowerCase();
        const own = [...catalog.schemas.values()].some((s) => s.functions.has(name));
        if (own || builtinFunctions.has(name)) out.push({ span: { start: token.start, end: token.end }, type: 'function', modifiers: own ? [] : ['defaultLibrary'] });
      }
    });
  });
  out.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  // Nested names (a column inside a dotted span) keep the first, outer one out: no overlaps.
  const kept: SemanticToken[] = [];
  for (const t of out) if (!kept.length || t.span.start >= kept[kept.length - 1].span.end) kept.push(t);
  return kept;
}

import type { DocumentAnalysis } from '../analysis';
import type { PgNode } from '../analysis/parser/pgParser';
import { lookupRelation } from '../analysis/catalog/lookup';

export interface InlayHint {
  /** Where the hint shows (before the value). */
  offset: number;
  label: string;
}

/**
 * Inlay hints: the column each value of `INSERT … VALUES (…)` goes to, from the column list or, without
 * one, the table's columns as the history made them.
 */
export function inlayHints(analysis: DocumentAnalysis, range: { start: number; end: number }): InlayHint[] {
  const hints: InlayHint[] = [];
  analysis.parsed.statements.forEach((statement, i) => {
    if (statement.span.end < range.start || statement.span.start > range.end) return;
    const insert = statement.node?.InsertStmt;
    const rows: PgNode[] | undefined = insert?.selectStmt?.SelectStmt?.valuesLists;
    if (!insert || !rows) return;
    let columns: string[] = (insert.cols ?? []).map((c: PgNode) => c.ResTarget?.name);
    if (!columns.length) {
      const session = analysis.sessionBefore[i];
      const found = lookupRelation(session.catalog, session.searchPath, insert.relation?.schemaname, insert.relation?.relname);
      if (found.kind !== 'found' || found.relation.open) return;
      columns = found.relation.columns.map((c) => c.name);
    }
    for (const row of rows) {
      (row.List?.items ?? []).forEach((value: PgNode, k: number) => {
        const location = firstLocation(value);
        if (columns[k] && location !== undefined) hints.push({ offset: statement.at(location), label: `${columns[k]}:` });
      });
    }
  });
  return hints;
}

/** The smallest parser location in a node: where its text starts. */
function firstLocation(node: PgNode): number | undefined {
  let best: number | undefined;
  const walk = (n: PgNode) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    for (const [k, v] of Object.entries(n)) {
      if (k === 'location' && typeof v === 'number' && v >= 0) best = best === undefined ? v : Math.min(best, v);
      else walk(v);
    }
  };
  walk(node);
  return best;
}

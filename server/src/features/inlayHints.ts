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
 * one, the table's columns as the history made them; and the column's type before a default of
 * `ALTER TABLE … ADD COLUMN … DEFAULT` and `ALTER COLUMN … SET DEFAULT` (as format_type prints it, from
 * the catalog after the statement: `int` is `integer`, a SET DEFAULT's column has the type the history gave it).
 */
export function inlayHints(analysis: DocumentAnalysis, range: { start: number; end: number }): InlayHint[] {
  const hints: InlayHint[] = [];
  analysis.parsed.statements.forEach((statement, i) => {
    if (statement.span.end < range.start || statement.span.start > range.end) return;
    hints.push(...defaultTypeHints(analysis, i));
    const insert = statement.node?.InsertStmt;
    const rows: PgNode[] | undefined = insert?.selectStmt?.SelectStmt?.valuesLists;
    if (!insert || !rows) return;
    let columns: string[] = (insert.cols ?? []).map((c: PgNode) => c.ResTarget?.name);
    if (!columns.length) {
      const session = analysis.sessionBefore(i);
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

/** Before each default of an ALTER TABLE's ADD COLUMN and ALTER COLUMN SET DEFAULT: the column's type. */
function defaultTypeHints(analysis: DocumentAnalysis, i: number): InlayHint[] {
  const statement = analysis.parsed.statements[i];
  const alter = statement.node?.AlterTableStmt;
  if (!alter?.cmds || alter.objtype !== 'OBJECT_TABLE') return [];
  const defaults: { column: string; expr: PgNode }[] = [];
  for (const c of alter.cmds) {
    const cmd = c.AlterTableCmd;
    if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) {
      for (const k of cmd.def.ColumnDef.constraints ?? []) {
        if (k.Constraint?.contype === 'CONSTR_DEFAULT' && k.Constraint.raw_expr) defaults.push({ column: cmd.def.ColumnDef.colname, expr: k.Constraint.raw_expr });
      }
    } else if (cmd?.subtype === 'AT_ColumnDefault' && cmd.def) {
      defaults.push({ column: cmd.name, expr: cmd.def });
    }
  }
  if (!defaults.length) return [];
  // The catalog after the statement: the added column is there (a statement with an error changed nothing).
  const after = analysis.sessionBefore(i + 1) ?? analysis.sessionAfter;
  const found = lookupRelation(after.catalog, after.searchPath, alter.relation?.schemaname, alter.relation?.relname);
  if (found.kind !== 'found') return [];
  const hints: InlayHint[] = [];
  for (const d of defaults) {
    const type = found.relation.columns.find((c) => c.name === d.column)?.type;
    const location = firstLocation(d.expr);
    if (type && location !== undefined) hints.push({ offset: statement.at(location), label: `${type}:` });
  }
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

import type { DocumentAnalysis, Span } from '../../analysis';
import type { PgNode } from '../../analysis/parser/pgParser';
import type { ScanToken } from '../../analysis/parser/pgParser';
import { columnRefFields } from '../../analysis/resolve/columnRef';
import { usesInStatement } from './namesInDocument';

/** An output alias (`expr AS x` of a select list) and every place of its statement that names it. */
export interface OutputAlias {
  name: string;
  /** The alias itself (`definition`) and its uses: ORDER BY / GROUP BY / DISTINCT ON of its query, and outer queries. */
  spans: { span: Span; definition: boolean }[];
}

export type OutputAliasAt = { ok: true; alias: OutputAlias } | { ok: false; reason: string };

/** A SELECT of the statement's tree, and whether its output names are those of a relation the statement makes. */
interface Select {
  node: PgNode;
  defines?: 'view' | 'table';
}

/**
 * The output alias at `offset` (on the alias or on one of its uses), or undefined when the name there is none.
 * Refused (with the reason) where renaming it could change more than its statement, or what a name means:
 * the select list of CREATE VIEW / CREATE TABLE AS, or an inner alias it passes on (the relation's column names,
 * which the history keeps); an
 * alias named like a column the statement can see (GROUP BY prefers the input column); and any other word of
 * the statement spelt like it, whose meaning the resolver did not follow (a USING list, a second alias).
 */
export function outputAliasAt(analysis: DocumentAnalysis, file: string, offset: number): OutputAliasAt | undefined {
  const index = analysis.parsed.statements.findIndex((s) => s.span.start <= offset && offset <= s.span.end);
  const statement = analysis.parsed.statements[index];
  if (!statement?.node) return undefined;
  const selects: Select[] = [];
  collectSelects(statement.node, undefined, selects);
  const tokens = statement.tokens;
  const at = (location: number) => statement.at(location);
  const tokenAt = (start: number) => tokens.find((t) => t.start === start);
  const uses = usesInStatement(analysis, index, file);

  // Every aliased select-list item with its alias token.
  const aliases: { select: Select; location: number; name: string; token: ScanToken }[] = [];
  for (const select of selects) {
    const list: PgNode[] = select.node.targetList ?? [];
    list.forEach((t, k) => {
      const target = t.ResTarget;
      if (!target?.name || typeof target.location !== 'number') return;
      const from = at(target.location);
      const to = k + 1 < list.length && typeof list[k + 1].ResTarget?.location === 'number' ? at(list[k + 1].ResTarget.location) : clauseStart(select.node, at) ?? statement.span.end;
      const token = [...tokens].reverse().find((tk) => tk.start >= from && tk.end <= to && unquoted(tk.text) === target.name);
      if (token) aliases.push({ select, location: target.location, name: target.name, token });
    });
  }

  const contains = (s: { start: number; end: number }) => s.start <= offset && offset <= s.end;
  let alias = aliases.find((a) => contains(a.token));
  if (!alias) {
    // A use in an outer query: a column the resolver found to be that select-list item.
    for (const u of uses) {
      if (!contains(u.span) || u.target.kind !== 'column' || u.target.column.outputOf === undefined) continue;
      const column = u.target.column;
      alias = aliases.find((a) => a.location === column.outputOf && a.name === column.name);
      if (alias) break;
    }
  }
  if (!alias) {
    // ORDER BY / GROUP BY / DISTINCT ON naming an output column of its own query (the resolver does not observe those).
    for (const a of aliases) if (orderingRefs(a.select.node, a.name, at, tokenAt).some(contains)) alias = a;
  }
  if (!alias) return undefined;
  const name = alias.name;
  if (alias.select.defines) {
    return { ok: false, reason: `\`${name}\` names a column of the ${alias.select.defines} this statement creates: the migration history keeps it (rename it with ALTER ${alias.select.defines === 'view' ? 'VIEW' : 'TABLE'} … RENAME COLUMN in a new migration).` };
  }
  const spans: { span: Span; definition: boolean }[] = [{ span: { start: alias.token.start, end: alias.token.end }, definition: true }];
  for (const s of orderingRefs(alias.select.node, name, at, tokenAt)) spans.push({ span: s, definition: false });
  const target = alias;
  for (const u of uses) {
    if (u.target.kind === 'column' && u.target.column.outputOf === target.location && u.target.column.name === name) spans.push({ span: u.span, definition: false });
  }
  // An outer query whose select list names it without an alias outputs a column of that name: its ORDER BY /
  // GROUP BY / DISTINCT ON items naming it follow the rename.
  for (const select of selects) {
    if (select === target.select) continue;
    const passes = (select.node.targetList ?? []).some((t: PgNode) => {
      const r = t.ResTarget;
      if (!r || r.name || !r.val?.ColumnRef || typeof r.val.ColumnRef.location !== 'number') return false;
      const start = at(r.val.ColumnRef.location);
      const end = dottedEnd(tokens, start);
      return uses.some((u) => u.target.kind === 'column' && u.target.column.outputOf === target.location && u.span.start >= start && u.span.end <= end);
    });
    if (passes && select.defines) {
      return { ok: false, reason: `\`${name}\` becomes a column name of the ${select.defines} this statement creates: the migration history keeps it.` };
    }
    if (passes) for (const s of orderingRefs(select.node, name, at, tokenAt)) spans.push({ span: s, definition: false });
  }
  // A column of the statement's relations (or of another query's output) spelt like it: GROUP BY would mean that.
  const visible = uses.some((u) =>
    (u.target.kind === 'relation' && u.target.relation.columns.some((c) => c.name === name)) ||
    ((u.target.kind === 'alias' || u.target.kind === 'cte') && (u.target.kind === 'alias' ? u.target.item.columns : u.target.columns?.columns ?? []).some((c) => c.name === name && c.outputOf !== target.location)),
  );
  if (visible) return { ok: false, reason: `\`${name}\` is also a column this statement can see: renaming the alias could change what GROUP BY or ORDER BY means.` };
  const unaccounted = tokens.some((t) => unquoted(t.text) === name && !spans.some((s) => s.span.start === t.start));
  if (unaccounted) return { ok: false, reason: `\`${name}\` is written elsewhere in this statement where the alias cannot be followed: renaming it is not safe.` };
  spans.sort((a, b) => a.span.start - b.span.start);
  return { ok: true, alias: { name, spans: spans.filter((s, i) => i === 0 || s.span.start !== spans[i - 1].span.start) } };
}

/** Every SELECT (and set-operation branch) in a parse tree; the query of CREATE VIEW / CREATE TABLE AS marked. */
function collectSelects(node: unknown, defines: Select['defines'], out: Select[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectSelects(n, undefined, out);
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'SelectStmt') selectTree(value as PgNode, defines, out);
    else if (key === 'ViewStmt') collectSelects(value, undefined, out), markQuery((value as PgNode).query, 'view', out);
    else if (key === 'CreateTableAsStmt') collectSelects(value, undefined, out), markQuery((value as PgNode).query, 'table', out);
    else collectSelects(value, undefined, out);
  }
}

/** A SelectStmt's content, its set-operation branches (which carry no wrapper) and everything inside. */
function selectTree(select: PgNode, defines: Select['defines'], out: Select[]): void {
  if (!select) return;
  out.push({ node: select, defines });
  for (const [key, value] of Object.entries(select)) {
    if ((key === 'larg' || key === 'rarg') && value) selectTree(value, defines, out);
    else collectSelects(value, undefined, out);
  }
}

/** Marks the top-level select (and its set-operation branches) of a view's or CTAS's query. */
function markQuery(query: PgNode, defines: 'view' | 'table', out: Select[]): void {
  const top = query?.SelectStmt;
  const mark = (s: PgNode) => {
    const found = out.find((o) => o.node === s);
    if (found) found.defines = defines;
    if (s?.larg) mark(s.larg);
    if (s?.rarg) mark(s.rarg);
  };
  if (top) mark(top);
}

/** Where the clauses after the select list start (the end of the last select-list item). */
function clauseStart(select: PgNode, at: (location: number) => number): number | undefined {
  const starts: number[] = [];
  const first = (n: unknown): number | undefined => {
    let best: number | undefined;
    const walk = (x: unknown) => {
      if (!x || typeof x !== 'object') return;
      if (Array.isArray(x)) return x.forEach(walk);
      for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
        if (k === 'location' && typeof v === 'number' && v >= 0) best = best === undefined ? v : Math.min(best, v);
        else walk(v);
      }
    };
    walk(n);
    return best;
  };
  for (const clause of [select.intoClause, select.fromClause, select.whereClause, select.groupClause, select.havingClause, select.windowClause, select.sortClause, select.limitCount, select.limitOffset]) {
    const l = first(clause);
    if (l !== undefined) starts.push(at(l));
  }
  return starts.length ? Math.min(...starts) : undefined;
}

/** ORDER BY, GROUP BY (grouping sets included) and DISTINCT ON items of a query that are exactly the name. */
function orderingRefs(select: PgNode, name: string, at: (location: number) => number, tokenAt: (start: number) => ScanToken | undefined): Span[] {
  const out: Span[] = [];
  const visit = (n: PgNode) => {
    if (!n) return;
    if (n.SortBy) return visit(n.SortBy.node);
    if (n.GroupingSet) return (n.GroupingSet.content ?? []).forEach(visit);
    const fields = n.ColumnRef ? columnRefFields(n.ColumnRef) : undefined;
    if (fields?.length !== 1 || fields[0] !== name || typeof n.ColumnRef.location !== 'number') return;
    const token = tokenAt(at(n.ColumnRef.location));
    if (token) out.push({ start: token.start, end: token.end });
  };
  for (const list of [select.sortClause, select.groupClause, select.distinctClause]) for (const n of list ?? []) visit(n);
  return out;
}

/** The end of the dotted name whose first token starts at `start` (`s.total`: after `total`). */
function dottedEnd(tokens: readonly ScanToken[], start: number): number {
  let k = tokens.findIndex((t) => t.start === start);
  if (k < 0) return start;
  let end = tokens[k].end;
  while (tokens[k + 1]?.text === '.' && tokens[k + 2]) {
    end = tokens[k + 2].end;
    k += 2;
  }
  return end;
}

const unquoted = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase());

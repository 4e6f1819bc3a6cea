import type { PgNode } from '../parser/pgParser';
import type { Observation, Session, StatementContext } from '../context';
import type { BodyColumnUse, BodyEffect, FunctionBody } from '../catalog/types';
import type { Problem } from '../types';
import { withDynamicallyUncertain } from '../catalog/edit';
import { analyzeQuery } from '../resolve/query';
import { analyzeModification } from '../resolve/modification';
import { childScope, resolveUnqualified, type ColumnSet } from '../resolve/scope';
import { usedColumn } from '../resolve/columnUses';
import { ambiguousColumn } from '../diagnostics/ambiguousColumn';
import { analyzeStatement } from '../statements';
import type { BodyText } from './bodyText';
import { embeddedSql, type EmbeddedSql } from './embeddedSql';
import { variableScope, variablesOf, type Variables, type VariableScope } from './variables';
import { evaluateDynamic, uncertainWords } from './dynamicSql';
import { parseDocument } from '../parser/parseDocument';
import { applyCalls } from './calls';

/** A condition that tells which trigger fired: the fields used under it may be meant for one table only. */
const TRIGGER_TEST = /\btg_(op|table_name|relname|relid|argv|table_schema|level|when|name)\b/i;

const QUERY_KINDS = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

export interface BodyRunOptions {
  /** The function's name: its parameters may be qualified by it. */
  functionName?: string;
  /** Whether name checks stop at a conditional branch (a DO block's `IF NOT EXISTS ... THEN`). */
  skipGuarded?: boolean;
  /** `#variable_conflict use_column` / `use_variable`, or the SET option: no ambiguity between the two. */
  noConflict?: boolean;
}

export interface BodyRun {
  /** Problems in Postgres's wording, errors as Postgres raises them (the caller makes them warnings). */
  problems: Problem[];
  body: FunctionBody;
  /** The session after the body's static DDL and dynamic SQL: what a DO block leaves. */
  session: Session;
}

/**
 * Runs through a compiled PL/pgSQL function (`PLpgSQL_function`) statement by statement, checking every SQL
 * statement and expression in it against `session` with PL/pgSQL's name rules (variables.ts), and
 * applying its static DDL (and what its dynamic SQL may do) to the session it goes on with, as the body
 * would when it runs. Two passes: the first learns the fields of each record variable from the queries
 * assigned to it, the second reports.
 */
export function runBody(fn: PgNode, body: BodyText, session: Session, ctx: StatementContext, options: BodyRunOptions = {}): BodyRun {
  const vars = variablesOf(fn, session, options.functionName);
  const learnt = new Map<string, ColumnSet | undefined>();
  // Both passes read the same texts: each is parsed and placed once.
  const parsed = new Map<PgNode, EmbeddedSql | undefined>();
  if ([...vars.byName.values()].some((v) => v.record === 'record')) new Runner(fn, body, session, ctx, vars, learnt, false, options, parsed).run();
  const runner = new Runner(fn, body, session, ctx, vars, learnt, true, options, parsed);
  runner.run();
  return {
    problems: runner.problems,
    body: { uses: runner.uses, triggerFields: runner.triggerFields, effects: runner.effects, params: [] },
    session: runner.session,
  };
}

class Runner {
  problems: Problem[] = [];
  uses: BodyColumnUse[] = [];
  effects: BodyEffect[] = [];
  /** NEW/OLD fields used outside any branch that tests which trigger fired (TG_OP, TG_TABLE_NAME, ...). */
  triggerFields: { record: 'new' | 'old'; field: string }[] = [];
  private scope: VariableScope;
  private guarded = 0;
  private triggerGuards = 0;

  constructor(
    private readonly fn: PgNode,
    private readonly body: BodyText,
    public session: Session,
    private readonly ctx: StatementContext,
    private readonly vars: Variables,
    /** Fields of record variables: learnt in the first pass, read in the second. */
    private readonly records: Map<string, ColumnSet | undefined>,
    private readonly reporting: boolean,
    private readonly options: BodyRunOptions,
    private readonly parsed: Map<PgNode, EmbeddedSql | undefined>,
  ) {
    this.scope = variableScope(vars, reporting ? records : new Map());
  }

  run(): void {
    this.statements([this.fn.action]);
  }

  private statements(list: PgNode[] | undefined): void {
    for (const stmt of list ?? []) this.statement(stmt);
  }

  private guardedStatements(list: PgNode[] | undefined): void {
    this.guarded++;
    this.statements(list);
    this.guarded--;
  }

  private statement(node: PgNode): void {
    const [type] = Object.keys(node ?? {});
    const s = node?.[type];
    if (!s) return;
    const line: number | undefined = s.lineno;
    switch (type) {
      case 'PLpgSQL_stmt_block':
        if (s.exceptions) this.guardedStatements(s.body);
        else this.statements(s.body);
        for (const e of s.exceptions?.PLpgSQL_exception_block?.exc_list ?? []) this.guardedStatements(e.PLpgSQL_exception?.action);
        return;
      case 'PLpgSQL_stmt_execsql': {
        const out = this.sql(s.sqlstmt, line);
        const rec = s.target?.PLpgSQL_rec?.refname;
        if (rec) this.learn(rec, out);
        return;
      }
      case 'PLpgSQL_stmt_assign':
        this.sql(s.expr, line);
        return;
      case 'PLpgSQL_stmt_perform':
        this.sql(s.expr, line, true);
        return;
      case 'PLpgSQL_stmt_if': {
        const conditions = [s.cond, ...(s.elsif_list ?? []).map((e: PgNode) => e.PLpgSQL_if_elsif?.cond)];
        const byTrigger = conditions.some((c) => TRIGGER_TEST.test(c?.PLpgSQL_expr?.query ?? ''));
        if (byTrigger) this.triggerGuards++;
        this.sql(s.cond, line);
        this.guardedStatements(s.then_body);
        for (const e of s.elsif_list ?? []) {
          this.sql(e.PLpgSQL_if_elsif?.cond, e.PLpgSQL_if_elsif?.lineno ?? line);
          this.guardedStatements(e.PLpgSQL_if_elsif?.stmts);
        }
        this.guardedStatements(s.else_body);
        if (byTrigger) this.triggerGuards--;
        return;
      }
      case 'PLpgSQL_stmt_case': {
        const byTrigger = TRIGGER_TEST.test(JSON.stringify(s));
        if (byTrigger) this.triggerGuards++;
        this.caseStatement(s, line);
        if (byTrigger) this.triggerGuards--;
        return;
      }
      case 'PLpgSQL_stmt_loop':
        this.statements(s.body);
        return;
      case 'PLpgSQL_stmt_while':
        this.sql(s.cond, line);
        this.guardedStatements(s.body);
        return;
      case 'PLpgSQL_stmt_fori':
        for (const e of [s.lower, s.upper, s.step]) this.sql(e, line);
        this.guardedStatements(s.body);
        return;
      case 'PLpgSQL_stmt_fors': {
        const out = this.sql(s.query, line);
        const rec = s.var?.PLpgSQL_rec?.refname;
        if (rec) this.learn(rec, out);
        this.guardedStatements(s.body);
        return;
      }
      case 'PLpgSQL_stmt_forc':
      case 'PLpgSQL_stmt_dynfors': {
        const rec = s.var?.PLpgSQL_rec?.refname;
        if (rec) this.learn(rec, undefined);
        if (type === 'PLpgSQL_stmt_dynfors') this.sql(s.query, line);
        this.guardedStatements(s.body);
        return;
      }
      case 'PLpgSQL_stmt_foreach_a':
        this.sql(s.expr, line);
        this.guardedStatements(s.body);
        return;
      case 'PLpgSQL_stmt_exit':
        this.sql(s.cond, line);
        return;
      case 'PLpgSQL_stmt_return':
      case 'PLpgSQL_stmt_return_next':
        this.sql(s.expr, line);
        return;
      case 'PLpgSQL_stmt_return_query':
        this.sql(s.query ?? s.dynquery, line);
        return;
      case 'PLpgSQL_stmt_raise':
        for (const p of s.params ?? []) this.sql(p, line);
        for (const o of s.options ?? []) this.sql(o.PLpgSQL_raise_option?.expr, line);
        return;
      case 'PLpgSQL_stmt_assert':
        this.sql(s.cond, line);
        this.sql(s.message, line);
        return;
      case 'PLpgSQL_stmt_dynexecute':
        this.sql(s.query, line);
        this.dynamic(s.query?.PLpgSQL_expr?.query);
        return;
      case 'PLpgSQL_stmt_open':
        this.sql(s.query ?? s.dynquery, line);
        return;
      case 'PLpgSQL_stmt_fetch': {
        const rec = s.target?.PLpgSQL_rec?.refname;
        if (rec) this.learn(rec, undefined);
        return;
      }
      default:
        return;
    }
  }

  private caseStatement(s: PgNode, line: number | undefined): void {
    // `CASE x WHEN ...` compares through a hidden variable: only the searched form's conditions are SQL of the source.
    if (s.t_expr) this.sql(s.t_expr, line);
    for (const w of s.case_when_list ?? []) {
      if (!s.t_expr) this.sql(w.PLpgSQL_case_when?.expr, w.PLpgSQL_case_when?.lineno ?? line);
      this.guardedStatements(w.PLpgSQL_case_when?.stmts);
    }
    this.guardedStatements(s.else_stmts);
  }

  /** A record assigned the output of a query: its fields are the union of all such outputs. */
  private learn(record: string, output: ColumnSet | undefined): void {
    if (this.reporting) return;
    const known = this.records.has(record) ? this.records.get(record) : { columns: [], open: false };
    if (!known || !output || output.open) {
      this.records.set(record, undefined);
      return;
    }
    const columns = [...known.columns, ...output.columns.filter((c) => !known.columns.some((k) => k.name === c.name))];
    this.records.set(record, { columns, open: false });
  }

  /** Dynamic SQL: the statement it builds when that is known, else the names it may touch become uncertain. */
  private dynamic(expr: string | undefined): void {
    if (typeof expr !== 'string') return;
    this.effects.push({ dynamic: expr });
    const sql = evaluateDynamic(expr, new Map());
    if (sql !== undefined) this.session = applyQuietly(sql, this.session, this.ctx.file);
    else this.session = { ...this.session, catalog: withDynamicallyUncertain(this.session.catalog, uncertainWords(expr, new Map())) };
  }

  /** One SQL statement or expression of the body: checked when it is a query, applied when it is DDL. */
  private sql(expr: PgNode, line: number | undefined, perform = false): ColumnSet | undefined {
    if (!expr) return undefined;
    if (!this.parsed.has(expr)) this.parsed.set(expr, embeddedSql(expr, line, this.body, this.ctx.statement.line, perform));
    const es = this.parsed.get(expr);
    if (!es) return undefined;
    const target = es.target?.split('.').map((p) => p.trim()).map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
    if (target?.length === 2) this.triggerField(target[0], target[1]);
    const node = es.statement.node;
    const [kind] = Object.keys(node ?? {});
    if (!QUERY_KINDS.has(kind)) {
      this.effects.push({ sql: es.sql });
      this.session = applyQuietly(es.sql, this.session, this.ctx.file);
      return undefined;
    }
    const report = this.reporting && es.placed && !(this.options.skipGuarded && this.guarded > 0);
    const ctx: StatementContext = {
      session: this.session,
      statement: es.statement,
      file: this.ctx.file,
      quiet: !report,
      report: report ? (p) => this.reported(p) : () => undefined,
      observe: (o) => this.observe(o, es, report),
    };
    const scope = childScope(this.scope.scope);
    if (kind !== 'SelectStmt') return analyzeModification(node, scope, ctx);
    const output = analyzeQuery(node, scope, ctx);
    this.session = applyCalls(node, this.session, this.ctx.file);
    return output;
  }

  private observe(o: Observation, es: EmbeddedSql, report: boolean): void {
    if (!this.reporting) return;
    if (es.placed) this.ctx.observe?.(o);
    if (o.kind === 'relation' && o.relation) this.use(o.relation.schema, o.relation.name, '', o.relation.name);
    if (o.kind !== 'columnRef') return;
    const fields = o.fields;
    const used = usedColumn(fields, o.scope, o.unqualified);
    if (used) this.use(used.schema, used.relation, used.column, fields.slice(-2).join('.'));
    if (fields.length === 1) {
      const name = fields[0];
      const r = o.unqualified ?? resolveUnqualified(o.scope, name);
      if (r.kind === 'column' && r.item !== this.scope.names) {
        const v = this.vars.byName.get(name);
        if (report && v?.wholeBody && !this.options.noConflict && !this.scope.qualified.has(r.item)) {
          const p = ambiguousColumn(o.span, name, []);
          this.problems.push({ ...p, hint: 'It could refer to either a PL/pgSQL variable or a table column.' });
        }
      }
    } else if (fields.length === 2) {
      this.triggerField(fields[0], fields[1]);
    }
  }

  private triggerField(record: string, field: string): void {
    if (!this.vars.trigger || field === '*' || (record !== 'new' && record !== 'old') || this.vars.byName.get(record)?.record !== 'trigger') return;
    if (this.triggerGuards > 0 || this.triggerFields.some((f) => f.record === record && f.field === field)) return;
    this.triggerFields.push({ record, field });
  }

  private use(schema: string, relation: string, column: string, written: string): void {
    if (!this.uses.some((u) => u.schema === schema && u.relation === relation && u.column === column)) this.uses.push({ schema, relation, column, written });
  }

  private reported(p: Problem): void {
    // A trigger's `REFERENCING NEW TABLE AS new_rows` names a relation only its function's queries see.
    if (this.vars.trigger && p.code === '42P01' && /^relation "[^".]+" does not exist$/.test(p.message)) return;
    this.problems.push(this.reworded(p));
  }

  /** `column r.qtty does not exist` about a record variable is, in PL/pgSQL, `record "r" has no field "qtty"`. */
  private reworded(p: Problem): Problem {
    const m = /^column ([^ .]+)\.([^ ]+) does not exist$/.exec(p.message);
    if (p.code !== '42703' || !m || !this.vars.byName.get(m[1])?.record) return p;
    return { ...p, message: `record "${m[1]}" has no field "${m[2]}"` };
  }
}

/** Applies statements to a session without checking them (their guards decide whether they run). */
export function applyQuietly(sql: string, session: Session, file: string): Session {
  for (const statement of parseDocument(sql).statements) {
    if (statement.node) session = analyzeStatement({ session, statement, file, report: () => undefined, quiet: true });
  }
  return session;
}

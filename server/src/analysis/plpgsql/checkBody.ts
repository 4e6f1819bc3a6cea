import { parsePlpgsql, type PgNode } from '../parser/pgParser';
import type { Session, StatementContext } from '../context';
import type { Catalog, FunctionBody } from '../catalog/types';
import type { Problem } from '../types';
import { setSearchPath } from '../statements/searchPath';
import { memoByCatalog, whenRun } from '../diagnostics/runtime';
import { asOption, bodyText, type BodyText } from './bodyText';
import { runBody, type BodyRun, type BodyRunOptions } from './runBody';

/**
 * CREATE FUNCTION / PROCEDURE ... LANGUAGE plpgsql. Postgres compiles the body at CREATE but resolves its
 * names only when it runs, so what is found here is a warning, and only if the history never makes it
 * right: a problem is kept when it is there both in the catalog the function is created in and in the
 * catalog after the history (`Problem.stillWrongIn`, asked by the workspace / replay). Returns what the
 * catalog records of the body (uses, NEW/OLD fields, effects of a call).
 */
export function checkPlpgsqlFunction(n: PgNode, ctx: StatementContext): FunctionBody | undefined {
  const options: PgNode[] = n.options ?? [];
  const language = options.find((o) => o.DefElem?.defname === 'language')?.DefElem?.arg?.String?.sval;
  // The PL/pgSQL parser aborts the WASM runtime (it does not throw) on a function without an AS string.
  const as = asOption(options)?.arg;
  const source = as?.List?.items?.[0]?.String?.sval ?? as?.String?.sval;
  if (language !== 'plpgsql' || typeof source !== 'string' || n.sql_body) return undefined;
  const fn = compiled(ctx.statement.text);
  const body = fn && bodyText(ctx, asOption(options)?.location);
  if (!fn || !body) return undefined;
  const name: string = n.funcname?.at(-1)?.String?.sval ?? '';
  const runOptions: BodyRunOptions = { functionName: name, noConflict: conflictAllowed(body.text, options) };
  const session = functionSession(ctx.session, options);
  const run = (catalog: Catalog): BodyRun => runBody(fn, body, { ...session, catalog }, ctx, runOptions);
  const first = run(session.catalog);
  const anchor = ctx.statement.anchor;
  const key = (p: Problem) => `${p.code}|${p.message}|${p.span.start - anchor.start}`;
  const laterKeys = memoByCatalog((later) => new Set(run(later).problems.map(key)));
  const what = n.is_procedure ? `procedure ${name}()` : `function ${name}()`;
  for (const p of first.problems) ctx.report(whenRun(p, `when ${what} runs`, (later) => laterKeys(later).has(key(p))));
  const params = (n.parameters ?? [])
    .map((p: PgNode) => p.FunctionParameter)
    .filter((p: PgNode) => p && !['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE'].includes(p.mode))
    .map((p: PgNode) => p.name ?? '');
  return { ...first.body, params };
}

/**
 * DO: the block runs now. Its static DDL is applied (often under a guard such as IF NOT EXISTS, so it is
 * not checked), its dynamic SQL applied when its text is known, else what it may touch made uncertain;
 * queries outside any guard are checked. Returns the session after the block.
 */
export function runDoBlock(ctx: StatementContext): Session {
  const args: PgNode[] = ctx.statement.node?.DoStmt?.args ?? [];
  const option = (name: string) => args.find((a) => a.DefElem?.defname === name)?.DefElem;
  // The PL/pgSQL parser aborts (it does not throw) on a DO without a body or in another language.
  if (typeof option('as')?.arg?.String?.sval !== 'string' || (option('language')?.arg?.String?.sval ?? 'plpgsql') !== 'plpgsql') return ctx.session;
  const fn = compiled(ctx.statement.text);
  const body = fn && bodyText(ctx, option('as')?.location);
  if (!fn || !body) return ctx.session;
  const run = runBody(fn, body, ctx.session, ctx, { skipGuarded: true, noConflict: conflictAllowed(body.text, []) });
  for (const p of run.problems) ctx.report(whenRun(p, 'when the DO block runs'));
  return run.session;
}

/** The compiled function of a CREATE FUNCTION or DO statement; undefined when PL/pgSQL rejects it. */
function compiled(text: string): PgNode | undefined {
  try {
    return (parsePlpgsql(text) as PgNode)?.plpgsql_funcs?.[0]?.PLpgSQL_function;
  } catch {
    return undefined;
  }
}

function conflictAllowed(body: string, options: PgNode[]): boolean {
  if (/#variable_conflict\s+use_(column|variable)/i.test(body)) return true;
  return options.some((o) => o.DefElem?.defname === 'set' && o.DefElem.arg?.VariableSetStmt?.name === 'plpgsql.variable_conflict');
}

/** `SET search_path = ...` of the function: its body resolves names along that path. */
function functionSession(session: Session, options: PgNode[]): Session {
  const set = options.find((o) => o.DefElem?.defname === 'set' && o.DefElem.arg?.VariableSetStmt?.name === 'search_path');
  return set ? setSearchPath(set.DefElem.arg.VariableSetStmt, session) : session;
}

export type { BodyText };

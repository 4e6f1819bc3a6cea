import type { PgNode } from '../parser/pgParser';
import type { Session } from '../context';
import type { FunctionSignature } from '../catalog/types';
import { findSchema } from '../catalog/lookup';
import { withDynamicallyUncertain } from '../catalog/edit';
import { evaluateDynamic, uncertainWords } from './dynamicSql';
import { applyQuietly } from './runBody';

/** Calls inside calls: a body that calls itself, or a chain of setup functions, stops here. */
const MAX_DEPTH = 4;
let depth = 0;

/**
 * `SELECT f('p_0')`, `CALL p(...)`, `PERFORM f()`: a call of a PL/pgSQL function whose body changes the
 * schema applies what the body does — its static DDL, and its dynamic SQL with the call's constant
 * arguments bound to the parameters (`EXECUTE format('CREATE TABLE %I (a int)', n)` with n = 'p_0' creates
 * p_0). Dynamic SQL that stays unknown makes only its words and the bound values uncertain.
 */
export function applyCalls(node: PgNode, session: Session, file: string): Session {
  if (depth >= MAX_DEPTH) return session;
  let next = session;
  for (const call of topLevelCalls(node)) {
    const fn = calledFunction(next, call);
    if (!fn?.body?.effects.length) continue;
    const bindings = new Map<string, string>();
    (call.args ?? []).forEach((a: PgNode, i: number) => {
      const value = a.A_Const?.sval?.sval ?? (a.A_Const?.ival ? String(a.A_Const.ival.ival ?? 0) : undefined);
      const name = fn.body!.params[i];
      if (name && value !== undefined) bindings.set(name, value);
    });
    depth++;
    try {
      for (const effect of fn.body.effects) {
        if ('sql' in effect) {
          next = applyQuietly(effect.sql, next, file);
          continue;
        }
        const sql = evaluateDynamic(effect.dynamic, bindings);
        next = sql !== undefined ? applyQuietly(sql, next, file) : { ...next, catalog: withDynamicallyUncertain(next.catalog, uncertainWords(effect.dynamic, bindings)) };
      }
    } finally {
      depth--;
    }
  }
  return next;
}

/** The function calls of a statement's select list (or a CALL), in order. */
function topLevelCalls(node: PgNode): PgNode[] {
  if (node?.CallStmt) return node.CallStmt.funccall ? [node.CallStmt.funccall] : [];
  const select = node?.SelectStmt ?? node;
  return (select?.targetList ?? []).map((t: PgNode) => t.ResTarget?.val?.FuncCall).filter(Boolean);
}

function calledFunction(session: Session, call: PgNode): FunctionSignature | undefined {
  const parts: string[] = (call.funcname ?? []).map((f: PgNode) => f.String?.sval);
  const name = parts[parts.length - 1];
  const schemas = parts.length > 1 ? [parts[parts.length - 2]] : (session.searchPath ?? []);
  const arity = call.args?.length ?? 0;
  for (const s of schemas) {
    const fn = findSchema(session.catalog, s)?.functions.get(name)?.find((f) => f.body && f.body.params.length === arity);
    if (fn) return fn;
  }
  return undefined;
}

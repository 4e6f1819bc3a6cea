import { parseStatements, type PgNode } from '../parser/pgParser';
import { quoteIdent } from '../catalog/names';

/**
 * Dynamic SQL (`EXECUTE expr`). When every part of the string is known (literals, parameters bound to a
 * call's constant arguments, `format`, `quote_ident`, `||`), it is the statement it builds, applied like
 * static SQL. Otherwise only a statement that can change the schema makes names uncertain: the words of
 * its strings and the values bound into it.
 */

/** The SQL text the expression evaluates to, or undefined when a part of it is not known. */
export function evaluateDynamic(expr: string, bindings: ReadonlyMap<string, string>): string | undefined {
  const node = parseExpression(expr);
  return node === undefined ? undefined : evaluate(node, bindings);
}

/** The names dynamic SQL may create or change, or none when what it runs cannot change the schema. */
export function uncertainWords(expr: string, bindings: ReadonlyMap<string, string>): string[] {
  const node = parseExpression(expr);
  // The string constants as the parser reads them (dollar-quoted ones too: temp.sql:107); text that does not
  // parse, by its quotes.
  const literals: string[] = [];
  if (node) collectStrings(node, (s) => literals.push(s));
  else literals.push(...(expr.match(/'(?:[^']|'')*'/g) ?? []));
  const strings = literals.join(' ');
  // SELECT, INSERT, UPDATE, DELETE, GRANT, ... leave the relations and their columns as they are.
  if (!/\b(create|alter|drop|rename)\b|\bselect\b[^']*\binto\b/i.test(strings)) return [];
  const names: string[] = [];
  for (const word of strings.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []) names.push(word.toLowerCase());
  if (node) collectRefs(node, (name) => {
    const value = bindings.get(name);
    if (value !== undefined) names.push(value);
  });
  return names;
}

function parseExpression(expr: string): PgNode | undefined {
  try {
    return parseStatements(`SELECT ${expr}`)[0]?.stmt?.SelectStmt?.targetList?.[0]?.ResTarget?.val;
  } catch {
    return undefined;
  }
}

function collectStrings(node: PgNode, onString: (s: string) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => collectStrings(n, onString));
  if (typeof node.A_Const?.sval?.sval === 'string') return onString(node.A_Const.sval.sval);
  for (const v of Object.values(node)) collectStrings(v, onString);
}

function collectRefs(node: PgNode, onName: (name: string) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => collectRefs(n, onName));
  if (node.ColumnRef) {
    const fields = node.ColumnRef.fields ?? [];
    if (fields.length === 1 && fields[0].String) onName(fields[0].String.sval);
    return;
  }
  for (const v of Object.values(node)) collectRefs(v, onName);
}

function evaluate(node: PgNode | undefined, bindings: ReadonlyMap<string, string>): string | undefined {
  // A prefix operator has no left operand (`|| x` in half-typed text).
  if (!node || typeof node !== 'object') return undefined;
  if (node.A_Const) {
    const c = node.A_Const;
    if (c.sval) return c.sval.sval ?? '';
    if (c.ival) return String(c.ival.ival ?? 0);
    return undefined;
  }
  if (node.TypeCast) return evaluate(node.TypeCast.arg, bindings);
  if (node.ColumnRef) {
    const fields = node.ColumnRef.fields ?? [];
    return fields.length === 1 && fields[0].String ? bindings.get(fields[0].String.sval) : undefined;
  }
  if (node.A_Expr && node.A_Expr.kind === 'AEXPR_OP' && node.A_Expr.name?.[0]?.String?.sval === '||') {
    const l = evaluate(node.A_Expr.lexpr, bindings);
    const r = l === undefined ? undefined : evaluate(node.A_Expr.rexpr, bindings);
    return r === undefined ? undefined : l! + r;
  }
  if (node.FuncCall) {
    const name: string | undefined = node.FuncCall.funcname?.at(-1)?.String?.sval;
    const args: (string | undefined)[] = (node.FuncCall.args ?? []).map((a: PgNode) => evaluate(a, bindings));
    if (args.some((a) => a === undefined)) return undefined;
    const values = args as string[];
    if (name === 'quote_ident' && values.length === 1) return quoteIdent(values[0]);
    if (name === 'quote_literal' && values.length === 1) return quoteLiteral(values[0]);
    if (name === 'concat') return values.join('');
    if (name === 'format' && values.length >= 1) return format(values[0], values.slice(1));
  }
  return undefined;
}

function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** format(): %s, %I, %L, %% and positions (`%1$I`); undefined for what it does not know (widths). */
function format(template: string, args: string[]): string | undefined {
  let next = 0;
  let failed = false;
  const out = template.replace(/%(?:(\d+)\$)?([sIL%])/g, (_m, pos: string | undefined, kind: string) => {
    if (kind === '%') return '%';
    const i = pos ? Number(pos) - 1 : next;
    next = i + 1;
    if (i >= args.length) {
      failed = true;
      return '';
    }
    return kind === 'I' ? quoteIdent(args[i]) : kind === 'L' ? quoteLiteral(args[i]) : args[i];
  });
  return failed || /%[^sIL%]/.test(template.replace(/%(?:\d+\$)?[sIL%]/g, '')) ? undefined : out;
}

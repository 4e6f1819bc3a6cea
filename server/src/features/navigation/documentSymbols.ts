import type { DocumentAnalysis, ParsedStatement, Span } from '../../analysis';
import type { PgNode } from '../../analysis/parser/pgParser';
import type { OutlineSymbol, OutlineKind } from '../types';
import { formatTypeName } from '../../analysis/catalog/typeNames';
import { dottedNameAt, nameToken } from './nameTokens';

/**
 * The outline of a SQL document: one symbol per statement that creates or alters something (table, view,
 * index, function, policy, trigger, type, sequence, schema), named as written, with the columns and named
 * constraints it adds as children. Read from the parse tree alone: statements that do not parse are left out.
 */
export function documentSymbols(analysis: DocumentAnalysis): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [];
  for (const statement of analysis.parsed.statements) {
    const symbol = statement.node && statementSymbol(statement, statement.node);
    if (symbol) symbols.push(symbol);
  }
  return symbols;
}

function statementSymbol(statement: ParsedStatement, node: PgNode): OutlineSymbol | undefined {
  const [kind, n] = Object.entries(node)[0] as [string, PgNode];
  const make = (name: string | undefined, symbolKind: OutlineKind, selection: Span | undefined, detail?: string, children: OutlineSymbol[] = []) =>
    name ? { name, kind: symbolKind, detail, span: statement.span, selection: selection ?? firstToken(statement), children } : undefined;
  const relationName = (rv: PgNode) => (rv ? [rv.schemaname, rv.relname].filter(Boolean).join('.') : undefined);
  switch (kind) {
    case 'CreateStmt':
      return make(relationName(n.relation), 'table', dottedNameAt(statement, n.relation?.location), n.partbound ? 'partition' : undefined, tableElements(statement, n.tableElts));
    case 'ViewStmt':
      return make(relationName(n.view), 'view', dottedNameAt(statement, n.view?.location), n.replace ? 'create or replace' : undefined);
    case 'CreateTableAsStmt': {
      const rel = n.into?.rel;
      const matview = n.objtype === 'OBJECT_MATVIEW';
      return make(relationName(rel), matview ? 'materialized view' : 'table', dottedNameAt(statement, rel?.location), matview ? undefined : 'as select');
    }
    case 'AlterTableStmt': {
      const children = (n.cmds ?? []).flatMap((c: PgNode) => alterCommand(statement, c.AlterTableCmd));
      return make(relationName(n.relation), 'table', dottedNameAt(statement, n.relation?.location), 'alter', children);
    }
    case 'IndexStmt': {
      const on = relationName(n.relation);
      const selection = n.idxname ? nameToken(statement, n.idxname) : dottedNameAt(statement, n.relation?.location);
      return make(n.idxname ?? `index on ${on}`, 'index', selection, `on ${on}`);
    }
    case 'CreateFunctionStmt': {
      const names = stringList(n.funcname);
      const name = names[names.length - 1];
      return make(names.join('.'), n.is_procedure ? 'procedure' : 'function', nameToken(statement, name), signature(n));
    }
    case 'CreatePolicyStmt':
      return make(n.policy_name, 'policy', nameToken(statement, n.policy_name), `on ${relationName(n.table)}`);
    case 'CreateTrigStmt':
      return make(n.trigname, 'trigger', nameToken(statement, n.trigname), `on ${relationName(n.relation)}`);
    case 'CreateEnumStmt':
    case 'CreateDomainStmt': {
      const names = stringList(kind === 'CreateEnumStmt' ? n.typeName : n.domainname);
      return make(names.join('.'), 'type', nameToken(statement, names[names.length - 1]), kind === 'CreateEnumStmt' ? 'enum' : 'domain');
    }
    case 'CompositeTypeStmt':
      return make(relationName(n.typevar), 'type', dottedNameAt(statement, n.typevar?.location), 'composite', tableElements(statement, n.coldeflist));
    case 'CreateSeqStmt':
      return make(relationName(n.sequence), 'sequence', dottedNameAt(statement, n.sequence?.location));
    case 'CreateSchemaStmt':
      return make(n.schemaname, 'schema', nameToken(statement, n.schemaname));
    default:
      return undefined;
  }
}

/** Columns and named constraints of CREATE TABLE (and of a composite type). */
function tableElements(statement: ParsedStatement, elements: PgNode[] | undefined): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const e of elements ?? []) {
    if (e.ColumnDef) out.push(columnSymbol(statement, e.ColumnDef));
    else if (e.Constraint) {
      const c = constraintSymbol(statement, e.Constraint);
      if (c) out.push(c);
    }
  }
  return out;
}

function columnSymbol(statement: ParsedStatement, def: PgNode): OutlineSymbol {
  const selection = def.location >= 0 ? { start: statement.at(def.location), end: statement.at(def.location) } : firstToken(statement);
  const token = statement.tokens.find((t) => t.start === selection.start);
  const name = { start: selection.start, end: token?.end ?? selection.start + 1 };
  const typeEnd = def.typeName?.location >= 0 ? endOfElement(statement, statement.at(def.typeName.location)) : name.end;
  return { name: def.colname, kind: 'column', detail: formatTypeName(def.typeName) || undefined, span: { start: name.start, end: Math.max(typeEnd, name.end) }, selection: name, children: [] };
}

function constraintSymbol(statement: ParsedStatement, con: PgNode): OutlineSymbol | undefined {
  if (!con.conname) return undefined;
  const at = con.location >= 0 ? statement.at(con.location) : statement.span.start;
  const selection = nameToken(statement, con.conname, at) ?? firstToken(statement);
  return { name: con.conname, kind: 'constraint', detail: CONSTRAINT_WORDS[con.contype], span: { start: at, end: endOfElement(statement, at) }, selection, children: [] };
}

const CONSTRAINT_WORDS: Record<string, string> = {
  CONSTR_PRIMARY: 'primary key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_FOREIGN: 'foreign key',
  CONSTR_CHECK: 'check',
  CONSTR_EXCLUSION: 'exclude',
};

/** What ALTER TABLE adds: columns and named constraints. */
function alterCommand(statement: ParsedStatement, cmd: PgNode): OutlineSymbol[] {
  if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) return [columnSymbol(statement, cmd.def.ColumnDef)];
  if (cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) {
    const c = constraintSymbol(statement, cmd.def.Constraint);
    return c ? [c] : [];
  }
  return [];
}

/** The end of a table element: the comma or closing parenthesis at its depth (exclusive of it). */
function endOfElement(statement: ParsedStatement, from: number): number {
  let depth = 0;
  let end = from;
  for (const t of statement.tokens) {
    if (t.start < from) continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      if (depth === 0) break;
      depth--;
    } else if ((t.text === ',' || t.text === ';') && depth === 0) break;
    end = t.end;
  }
  return end;
}

function signature(n: PgNode): string {
  const params = (n.parameters ?? []).map((p: PgNode) => p.FunctionParameter).filter((p: PgNode) => p && !['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE'].includes(p.mode));
  return `(${params.map((p: PgNode) => p.name ?? '').join(', ')})`;
}

const stringList = (list: PgNode[] | undefined): string[] => (list ?? []).map((x: PgNode) => x.String?.sval).filter(Boolean);

function firstToken(statement: ParsedStatement): Span {
  const t = statement.tokens[0];
  return t ? { start: t.start, end: t.end } : statement.span;
}

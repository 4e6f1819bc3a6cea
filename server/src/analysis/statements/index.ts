import type { PgNode } from '../parser/pgParser';
import type { Session, StatementContext } from '../context';
import { analyzeQuery } from '../resolve/query';
import { analyzeModification } from '../resolve/modification';
import { childScope } from '../resolve/scope';
import { createTable, createTableAs } from './createTable';
import { createView } from './createView';
import { alterTable, moveToSchema, renameObject } from './alterTable';
import { dropObjects } from './drop';
import { checkRelations, commentOn, copy, createExtension, createIndex, createPolicy, createStatistics, createTrigger, grant, publicationTables, vacuum } from './relationReferences';
import { alterEnum, alterSequence, createCompositeType, createEnum, createFunction, createSchema, createSequence } from './schemaObjects';
import { searchPathFromSetConfig, setSearchPath } from './searchPath';
import { doBlock } from './doBlock';
import { untrackedFunctions } from './functionObjects';
import { withCatalogEdits } from './viewDependencies';
import { notChecked, notCheckedDetail } from '../diagnostics/notChecked';
import { nameSpan } from '../context';
import { transactionControl } from './transaction';
import { roleAttributes, setSessionSetting } from './sessionSettings';
import { refusedAsReadOnly, underAnotherRole } from './refusable';
import { checkSqlFunctionBody, sqlFunctionEffects } from './sqlFunctionBody';
import { checkPlpgsqlFunction } from '../plpgsql/checkBody';
import { applyCalls } from '../plpgsql/calls';
import { alterCompositeType, moveType, renameAttribute } from './compositeTypes';
import { alterIndex, reindex } from './indexNames';
import { createRule } from './createRule';

/** The names of ALTER TYPE's object (a List of Strings). */
const typeNames = (object: PgNode): string[] => (object?.List?.items ?? []).map((i: PgNode) => i.String?.sval).filter((x: unknown) => typeof x === 'string');

/**
 * Checks one parsed statement against the session before it and returns the session after it.
 * Statement kinds not listed here change nothing we model and are skipped silently.
 */
export function analyzeStatement(ctx: StatementContext): Session {
  // A read-only transaction refuses DDL before looking up any name (25006): nothing to check, nothing changes.
  if (refusedAsReadOnly(ctx.session, ctx.statement.node)) return ctx.session;
  const after = underAnotherRole(ctx, dispatch);
  // Dynamic SQL (a DO block's EXECUTE, a function or procedure called here that runs it) made names
  // uncertain: what it ran was not checked.
  if (ctx.notChecked && madeUncertain(ctx.session, after)) {
    ctx.notChecked(notChecked(nameSpan(ctx, 0, 1), 'dynamic SQL', notCheckedDetail.dynamicStatement()));
  }
  return after;
}

const SCHEMA_ELEMENT_ORDER = ['CreateSeqStmt', 'CreateStmt', 'ViewStmt', 'IndexStmt', 'CreateTrigStmt', 'GrantStmt'];

function madeUncertain(before: Session, after: Session): boolean {
  const was = before.catalog.uncertainNames;
  const is = after.catalog.uncertainNames;
  if (was === is) return false;
  const refusable = after.catalog.refusableNames;
  for (const name of is) if (!was.has(name) && !refusable?.has(name)) return true;
  return false;
}

function dispatch(ctx: StatementContext): Session {
  const node: PgNode = ctx.statement.node;
  const [type] = Object.keys(node ?? {});
  const n = node?.[type];
  switch (type) {
    case 'SelectStmt':
      analyzeQuery(node, childScope(undefined), ctx);
      return n.intoClause ? createTableAs({ into: n.intoClause, query: { SelectStmt: { ...n, intoClause: undefined } } }, { ...ctx, report: () => undefined }) : applyCalls(n, searchPathFromSetConfig(n, ctx.session), ctx.file);
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt': {
      analyzeModification(node, childScope(undefined), ctx);
      const catalog = withCatalogEdits(ctx.session.catalog, ctx.session.searchPath, node);
      return catalog === ctx.session.catalog ? ctx.session : { ...ctx.session, catalog };
    }
    case 'ExplainStmt':
      return analyzeStatement({ ...ctx, statement: ctx.statement.withNode(n.query) });
    case 'CreateStmt':
      return createTable(n, ctx);
    case 'CreateForeignTableStmt':
      return createTable({ ...n.base, kind: 'foreign' }, ctx);
    case 'CreateTableAsStmt':
      return createTableAs(n, ctx);
    case 'ViewStmt':
      return createView(n, ctx);
    case 'AlterTableStmt':
      if (n.objtype === 'OBJECT_INDEX') return alterIndex(n, ctx);
      return n.objtype === 'OBJECT_TYPE' ? alterCompositeType(n, ctx) : alterTable(n, ctx);
    case 'RenameStmt':
      if (n.renameType === 'OBJECT_ATTRIBUTE') return renameAttribute(n, ctx);
      if (n.renameType === 'OBJECT_TYPE') return moveType(typeNames(n.object), { name: n.newname }, ctx);
      return renameObject(n, { ...ctx, session: untrackedFunctions(n, type, ctx) });
    case 'AlterObjectSchemaStmt':
      if (n.objectType === 'OBJECT_TYPE') return moveType(typeNames(n.object), { schema: n.newschema }, ctx);
      return moveToSchema(n, { ...ctx, session: untrackedFunctions(n, type, ctx) });
    case 'DefineStmt':
    case 'CreateRangeStmt':
      return untrackedFunctions(n, type, ctx);
    case 'DropStmt':
      return dropObjects(n, ctx);
    case 'IndexStmt':
      return createIndex(n, ctx);
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      return createPolicy(n, ctx);
    case 'CreatePublicationStmt':
      return publicationTables(n, 'create', ctx);
    case 'AlterPublicationStmt':
      return publicationTables(n, 'alter', ctx);
    case 'CopyStmt':
      return copy(n, ctx);
    case 'CreateStatsStmt':
      return createStatistics(n, ctx);
    case 'CommentStmt':
      return commentOn(n, ctx);
    case 'ReindexStmt':
      return reindex(n, ctx);
    case 'RuleStmt':
      return createRule(n, ctx);
    case 'TruncateStmt':
    case 'LockStmt':
      return checkRelations(n.relations, ctx);
    case 'CreateTrigStmt':
      return createTrigger(n, ctx);
    case 'VacuumStmt':
      return vacuum(n, ctx);
    case 'GrantStmt':
      return grant(n, ctx);
    case 'CreateSchemaStmt': {
      // Its elements are created in the new schema: as if it led the search path for their duration; in the
      // order Postgres runs them (transformCreateSchemaStmt): sequences, tables, views, indexes, triggers, grants.
      let session = createSchema(n, ctx);
      const rank = (elt: PgNode) => SCHEMA_ELEMENT_ORDER.indexOf(Object.keys(elt ?? {})[0]);
      const elements: PgNode[] = [...(n.schemaElts ?? [])].sort((a, b) => rank(a) - rank(b));
      for (const elt of elements) {
        const inSchema = { ...session, searchPath: [n.schemaname, ...(session.searchPath ?? [])] };
        session = { ...analyzeStatement({ ...ctx, session: inSchema, statement: ctx.statement.withNode(elt) }), searchPath: ctx.session.searchPath };
      }
      return session;
    }
    case 'CreateSeqStmt':
      return createSequence(n, ctx);
    case 'AlterSeqStmt':
      return alterSequence(n, ctx);
    case 'CreateEnumStmt':
      return createEnum(n, ctx);
    case 'AlterEnumStmt':
      return alterEnum(n, ctx);
    case 'CompositeTypeStmt':
      return createCompositeType(n, ctx);
    case 'CreateFunctionStmt': {
      const body = { ...ctx, inRoutineBody: true };
      checkSqlFunctionBody(n, body);
      return createFunction(n, ctx, checkPlpgsqlFunction(n, body) ?? sqlFunctionEffects(n, ctx));
    }
    case 'CreateExtensionStmt':
      return createExtension(n, ctx);
    case 'VariableSetStmt':
      return setSessionSetting(n, setSearchPath(n, ctx.session));
    case 'CallStmt':
      return applyCalls(node, ctx.session, ctx.file);
    case 'DoStmt':
      return doBlock({ ...ctx, inRoutineBody: true });
    case 'TransactionStmt':
      return transactionControl(n, ctx.session);
    case 'CreateRoleStmt':
    case 'AlterRoleStmt':
      return roleAttributes(n, ctx.session);
    default:
      return ctx.session;
  }
}

import type { PgNode } from '../parser/pgParser';
import type { Session, StatementContext } from '../context';
import { withOpenFunctions, withoutBodies } from '../catalog/edit';
import { creationSchema } from '../catalog/lookup';

const ROUTINE_KINDS = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE']);

/**
 * Statements that make functions the catalog does not list: CREATE AGGREGATE, CREATE TYPE … AS RANGE
 * (its constructor functions), a routine renamed or moved to another schema. The schemas they may land in
 * no longer prove a function name missing (the static 42883 check then says nothing there).
 */
export function untrackedFunctions(n: PgNode, kind: string, ctx: StatementContext): Session {
  let schemas: (string | undefined)[] = [];
  if (kind === 'DefineStmt' && n.kind === 'OBJECT_AGGREGATE') schemas = [schemaOf(n.defnames)];
  else if (kind === 'CreateRangeStmt') schemas = [schemaOf(n.typeName)];
  else if (kind === 'RenameStmt' && ROUTINE_KINDS.has(n.renameType)) schemas = [schemaOf(n.object?.ObjectWithArgs?.objname)];
  else if (kind === 'AlterObjectSchemaStmt' && ROUTINE_KINDS.has(n.objectType)) schemas = [n.newschema];
  if (!schemas.length) return ctx.session;
  let catalog = ctx.session.catalog;
  for (const s of schemas) catalog = withOpenFunctions(catalog, s ?? creationSchema(ctx.session.searchPath));
  // The renamed or moved routine's body is no longer found under its old name (plpgsql/brokenBodies.ts).
  const moved: PgNode[] | undefined = kind === 'RenameStmt' || kind === 'AlterObjectSchemaStmt' ? n.object?.ObjectWithArgs?.objname : undefined;
  if (moved?.length) {
    const old = schemaOf(moved);
    const name: string = moved[moved.length - 1].String?.sval;
    for (const s of old ? [old] : (ctx.session.searchPath ?? [])) catalog = withoutBodies(catalog, s, name);
  }
  return { ...ctx.session, catalog };
}

function schemaOf(names: PgNode[] | undefined): string | undefined {
  const parts: (string | undefined)[] = (names ?? []).map((x: PgNode) => x.String?.sval);
  return parts.length > 1 ? parts[parts.length - 2] : undefined;
}

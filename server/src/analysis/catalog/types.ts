import type { Origin } from '../types';

/**
 * The schema model every source produces and every feature reads. Immutable: a change makes a new
 * catalog that shares what did not change (see catalog/edit.ts).
 */

export interface Column {
  name: string;
  /** Postgres type as written by format_type, e.g. `integer`, `timestamp with time zone`. Empty when unknown. */
  type: string;
  nullable: boolean;
  default?: string;
  origin?: Origin;
  /**
   * Inherited from a parent table (INHERITS, PARTITION OF; attinhcount > 0): the child cannot drop or rename
   * it. `alsoLocal`: the child defines it too (attislocal), so it stays when the parent drops it.
   */
  inherited?: true;
  alsoLocal?: true;
  /** A generated column (GENERATED ALWAYS AS): the columns its expression names, which it depends on. */
  generatedFrom?: readonly string[];
}

export interface ForeignKey {
  name?: string;
  columns: readonly string[];
  refSchema: string;
  refTable: string;
  refColumns: readonly string[];
}

/** An index of a table: CREATE INDEX's, and those of primary keys, unique and exclusion constraints. */
export interface Index {
  name: string;
  /** The indexed columns in order; an expression is an empty string; empty when not known. */
  columns: readonly string[];
  /** UNIQUE (CREATE UNIQUE INDEX, a UNIQUE constraint), where the source says. */
  unique?: boolean;
  /** The predicate of a partial index, as written. */
  where?: string;
  /** Made by a constraint (dropped with DROP CONSTRAINT), not by CREATE INDEX. */
  constraint?: boolean;
  /** The primary key's index. */
  primary?: boolean;
  /** The statement that made it. */
  origin?: Origin;
  /** Its INCLUDE columns (dropping one drops the index). */
  included?: readonly string[];
}

/** A CHECK constraint, as far as the safety rules need it. */
export interface CheckConstraint {
  name?: string;
  /** The column when the check is exactly `col IS NOT NULL` (what lets SET NOT NULL skip its scan). */
  notNullOf?: string;
  /** False while the constraint is NOT VALID (added so, and not validated since). */
  validated: boolean;
}

export type RelationKind = 'table' | 'view' | 'materialized view' | 'foreign table' | 'sequence';

export interface Relation {
  schema: string;
  name: string;
  kind: RelationKind;
  columns: readonly Column[];
  /** True when the relation may have columns we do not know of (dynamic DDL, LIKE an unknown table...). */
  open: boolean;
  primaryKey?: readonly string[];
  uniqueKeys: readonly (readonly string[])[];
  foreignKeys: readonly ForeignKey[];
  /** The schema.prisma model the table is mapped from (`@@map`), when its name differs from the table's. */
  prismaModel?: string;
  /** CHECK constraints (absent: none known). */
  checks?: readonly CheckConstraint[];
  /** Where it was created: `origin.file` is the migration that made it (the safety rules' "existing table"). */
  origin?: Origin;
  /**
   * `Catalog.dynamicEvents` when CREATE TABLE/VIEW/TABLE AS made it with all its columns known: while no dynamic
   * SQL ran since, a word that earlier dynamic SQL made uncertain is not one of its columns.
   */
  columnsKnownAt?: number;
  /** Its owner when it is not the migration's own user: the role it was created under (SET ROLE), or ALTER ... OWNER TO. */
  owner?: string;
  /** Its indexes (catalog/indexes.ts); undefined when the source does not record them (a database, schema.prisma). */
  indexes?: readonly Index[];
  /** Its inheritance parents and partitioned parent (INHERITS, PARTITION OF): what ALTER TABLE on them reaches. */
  inherits?: readonly RelationName[];
  /** A sequence owned by a column of this table (serial, identity): it goes when the table is dropped. */
  ownedBy?: RelationName;
  /** A partition (PARTITION OF; 'attached': ATTACH PARTITION, which may have failed on its rows): `inherits` holds its partitioned table. */
  isPartition?: true | 'attached';
  /** A temporary table made with ON COMMIT DROP: the end of its transaction drops it. */
  onCommitDrop?: true;
  /**
   * Indexes whose names Postgres chose in a way the catalog does not follow: copied by LIKE ... INCLUDING INDEXES,
   * made on it while it was a partition (it keeps them when detached), or named after an expression the analysis
   * cannot name; those names all begin with the table's.
   */
  unnamedIndexes?: true;
  /** A partitioned table's key columns (PARTITION BY; an expression is an empty string). */
  partitionKey?: readonly string[];
  /** Row triggers on the table and the function each runs: a DROP/RENAME COLUMN may break its NEW/OLD fields. */
  triggers?: readonly TableTrigger[];
  /** A view's query uses these relations and columns: Postgres refuses to drop or retype them (2BP01, 0A000). */
  dependsOn?: readonly ViewDependency[];
  /** A statement wrote pg_catalog rows about it (`DELETE FROM pg_depend ... 'v'::regclass`): its `dependsOn` may no longer hold. */
  catalogEdited?: true;
  /** Its row-level security policies and the other relations their expressions use (a DROP of one may be refused). */
  policies?: readonly { name: string; uses: readonly RelationName[] }[];
  /** Column lists of publications that publish it (`FOR TABLE t (a, b)`): a DROP COLUMN of one may be refused. */
  publishedColumns?: readonly { publication: string; columns: readonly string[] }[];
  /** Its triggers with a column list (`UPDATE OF a, b`): those columns cannot be dropped without CASCADE. */
  triggerColumns?: readonly TriggerColumns[];
}

/** A trigger of a relation and the columns of its `UPDATE OF` list. */
export interface TriggerColumns {
  trigger: string;
  columns: readonly string[];
}

/** A FOR EACH ROW trigger: its name, its function (no arguments) and its events (INSERT 4, DELETE 8, UPDATE 16). */
export interface TableTrigger {
  name: string;
  functionSchema?: string;
  functionName: string;
  events: number;
}

/** A relation (and a column of it) a view depends on. */
export interface ViewDependency {
  schema: string;
  relation: string;
  column?: string;
}

export interface RelationName {
  schema: string;
  name: string;
}

export interface FunctionSignature {
  schema: string;
  name: string;
  args: string;
  returns: string;
  /** As declared (CREATE FUNCTION's default is volatile); absent when unknown. */
  volatility?: 'immutable' | 'stable' | 'volatile';
  origin?: Origin;
  /** A PL/pgSQL body, as far as the analysis read it (plpgsql/checkBody.ts). */
  body?: FunctionBody;
}

/** A column (or, with `column` empty, a relation) a PL/pgSQL body uses, as it resolved when the function was created. */
export interface BodyColumnUse {
  schema: string;
  relation: string;
  column: string;
  /** As the body writes it: `li.amount`. */
  written: string;
}

/** What running a body may change: a static statement it runs, or a dynamic SQL expression (`EXECUTE ...`). */
export type BodyEffect = { sql: string } | { dynamic: string };

/**
 * What the analysis learnt of a PL/pgSQL body. Postgres keeps no dependency on a body, so a later DROP or
 * RENAME COLUMN of a used column, or a trigger on a table without a used NEW/OLD field, is found here.
 */
export interface FunctionBody {
  uses: readonly BodyColumnUse[];
  /** Fields of NEW and OLD the body uses (trigger functions). */
  triggerFields: readonly { record: 'new' | 'old'; field: string }[];
  /** In body order: what a call (`SELECT f()`) applies to the schema. */
  effects: readonly BodyEffect[];
  /** Names of the input parameters, in order: a call's constant arguments bind them in `effects`. */
  params: readonly string[];
}

export interface TypeInfo {
  schema: string;
  name: string;
  /** Enum labels; empty for other types. */
  values: readonly string[];
  /** A composite type's attribute names, in order, where the history made it (statements/compositeTypes.ts). */
  attributes?: readonly string[];
  /** A typed table (CREATE TABLE ... OF) was made of the composite type. */
  typedTables?: true;
  origin?: Origin;
}

export interface Schema {
  name: string;
  /**
   * A closed schema is one whose whole content we know (public, a schema the migrations created, a
   * schema read from a database): a name missing from it is an error. An open schema may hold objects
   * we never saw (Supabase's `auth`, an extension's schema): a name missing from it is left alone.
   */
  closed: boolean;
  /**
   * Functions may exist here that the catalog does not list: an extension was installed into the schema,
   * an aggregate or range type created, a function renamed or moved in, or the source (schema.prisma)
   * knows no functions.
   */
  functionsOpen?: boolean;
  relations: ReadonlyMap<string, Relation>;
  functions: ReadonlyMap<string, readonly FunctionSignature[]>;
  types: ReadonlyMap<string, TypeInfo>;
}

export interface Catalog {
  schemas: ReadonlyMap<string, Schema>;
  /**
   * Relation names that dynamic SQL may have created or changed (`EXECUTE format(...)` in a DO block).
   * A reference to such a name, or to its columns, is never reported.
   */
  uncertainNames: ReadonlySet<string>;
  /**
   * How many times dynamic SQL made names uncertain (`uncertainWords`): a relation whose columns were all known
   * after the last time (`Relation.columnsKnownAt`) has no column that dynamic SQL made uncertain.
   */
  dynamicEvents?: number;
  /** Those of the uncertain names that a statement reported as an error would have made (analysis/rejected.ts). */
  rejectedNames?: ReadonlySet<string>;
  /**
   * Those of the uncertain names that a statement changed which PostgreSQL may have refused for what the
   * catalog does not keep (statements/refusable.ts): a DROP with dependents, DDL under another role.
   */
  refusableNames?: ReadonlySet<string>;
  /** Roles the history made superusers (CREATE/ALTER ROLE ... SUPERUSER): what runs as one is never refused for privileges. */
  superusers?: ReadonlySet<string>;
}

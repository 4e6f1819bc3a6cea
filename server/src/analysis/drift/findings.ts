import type { Column, ForeignKey, Index, Relation, TypeInfo } from '../catalog/types';

/**
 * One way the database the migrations build differs from the one schema.prisma describes, in database
 * names (Prisma Migrate's naming applied: `@@map`, `@map`, `@@schema`, `_AToB`). "declared" is
 * schema.prisma's side, "migrated" the migrations' side. Fixing a drift means writing the migration
 * that turns the migrated side into the declared one, as `prisma migrate dev` would.
 */
export type Drift =
  /** schema.prisma has the table; no migration leaves it. migrate dev will create it. */
  | { kind: 'table missing'; schema: string; table: string; declared: Relation }
  /** The migrations leave a table schema.prisma does not know. migrate dev will drop it. */
  | { kind: 'table extra'; schema: string; table: string; migrated: Relation }
  | { kind: 'column missing'; schema: string; table: string; declared: Column }
  | { kind: 'column extra'; schema: string; table: string; migrated: Column }
  /** The rename heuristic: a column only the migrations have and one only schema.prisma has, of the same type. */
  | { kind: 'column renamed'; schema: string; table: string; migrated: Column; declared: Column }
  | { kind: 'column type' | 'column nullability' | 'column default'; schema: string; table: string; declared: Column; migrated: Column }
  | { kind: 'primary key'; schema: string; table: string; declared?: readonly string[]; migrated?: readonly string[] }
  | { kind: 'index missing'; schema: string; table: string; declared: Index }
  | { kind: 'index extra'; schema: string; table: string; migrated: Index }
  | { kind: 'index renamed'; schema: string; table: string; declared: Index; migrated: Index }
  | { kind: 'foreign key missing'; schema: string; table: string; declared: ForeignKey }
  | { kind: 'foreign key extra'; schema: string; table: string; migrated: ForeignKey }
  | { kind: 'enum missing'; schema: string; declared: TypeInfo }
  | { kind: 'enum extra'; schema: string; migrated: TypeInfo }
  | { kind: 'enum values'; schema: string; declared: TypeInfo; migrated: TypeInfo };

export type DriftKind = Drift['kind'];

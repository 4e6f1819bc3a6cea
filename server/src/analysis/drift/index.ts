/**
 * schema.prisma against its migrations, with no shadow database: the drift between the two catalogs
 * (compare.ts), where in the migration files each drift comes from (locate.ts), and the migration
 * `prisma migrate dev` would write to end it (prismaSql.ts). Pure.
 */
export type { Drift, DriftKind } from './findings';
export { compareCatalogs, type CompareOptions } from './compare';
export { prismaMigrationSql } from './prismaSql';
export { locateDrift, type DriftSource, type ReplayedMigration } from './locate';
export { driftProblems, DRIFT_CODE, type DriftProblem } from './problems';
export { checksumMatches, compareHistory, historyProblems, prismaChecksum, HISTORY_CODE, type HistoryFinding, type HistoryProblem, type PrismaMigrationFolder, type PrismaMigrationRow } from './appliedHistory';
export { unmanagedObjects, unmanagedProblems, UNMANAGED_CODE, type UnmanagedObject, type UnmanagedProblem } from './unmanaged';

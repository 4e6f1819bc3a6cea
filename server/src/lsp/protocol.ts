/**
 * SchemaSense's additions to LSP, shared by the server and the VS Code client (no imports: the client
 * bundle takes this file alone).
 */

/** Server → client after every load, reload and refresh of a workspace folder: where its schema comes from. */
export const STATUS_NOTIFICATION = 'schemasense/status';

/** Client → server ("SchemaSense: Refresh Schema"): read every folder's database or schema.prisma again. */
export const REFRESH_SCHEMA_REQUEST = 'schemasense/refreshSchema';

/** Files whose changes the server needs: SQL files, and what the schema comes from. */
export const WATCHED_FILES = '**/{*.sql,*.prisma,.env,.schemasense.json}';

export interface StatusParams {
  /** The workspace folder's URI. */
  folder: string;
  /** `database`, `prisma` or `migrations`. */
  source: string;
  /** Tables the folder's SQL files see. */
  tables: number;
  /** Why a source failed or is incomplete; the password is masked. */
  warning?: string;
  /** True when a source that should have been used could not be read (the warning says which and why). */
  failed?: boolean;
}

/**
 * `schemasense/memory`: the server process's memory (bytes), after a full garbage collection when node runs
 * with --expose-gc. For benchmarks and bug reports: heap growth while typing shows a version kept alive.
 */
export const MEMORY_REQUEST = 'schemasense/memory';
export interface MemoryReport {
  heapUsed: number;
  rss: number;
  collected: boolean;
}

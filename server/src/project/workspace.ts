import type { Problem } from '../analysis';

/**
 * A workspace folder as the server and the CLI see it: its migration history (read from disk, with
 * open editor documents overriding the disk text) and the catalog each SQL file is checked against.
 * STUB: the signatures below are the contract; the implementation is being written.
 */
export interface WorkspaceOptions {
  /** The workspace folder (absolute path). */
  root: string;
  /** Migration folder relative to root; found automatically when absent. */
  migrations?: string;
}

export interface WorkspaceSummary {
  migrationFiles: number;
  tables: number;
  views: number;
  millis: number;
}

export class Workspace {
  private constructor(readonly options: WorkspaceOptions) {}

  /** Finds and reads the migration files and replays them. Never throws for bad SQL; throws for unreadable folders. */
  static async open(options: WorkspaceOptions): Promise<Workspace> {
    return new Workspace(options);
  }

  /** An open document's text replaces the file on disk (undefined: back to disk) . */
  setOverlay(path: string, text: string | undefined): void {
    void path;
    void text;
  }

  /** Re-reads the migration folder from disk (after files were created, deleted or renamed). */
  async reload(): Promise<void> {}

  /** Problems of a SQL file with this text: a migration sees the files before it, any other file the whole history. */
  check(path: string, text: string): Problem[] {
    void path;
    void text;
    return [];
  }

  summary(): WorkspaceSummary {
    return { migrationFiles: 0, tables: 0, views: 0, millis: 0 };
  }
}

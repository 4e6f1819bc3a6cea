/**
 * The custom LSP messages of Run Migration, shared by the server and the VS Code client (type-only on the
 * client side). The runner lives in the server; the client only asks, confirms and shows.
 */

/** Request `schemasense/runMigration`: run the file of `uri` (or every pending migration of its workspace). */
export const RUN_MIGRATION = 'schemasense/runMigration';
/** Request `schemasense/resetEmbeddedDatabase`: delete the embedded database of the workspace of `uri`. */
export const RESET_EMBEDDED = 'schemasense/resetEmbeddedDatabase';
/** Notification server → client while a run goes: what it does now. */
export const RUN_PROGRESS = 'schemasense/runProgress';
/** Notification client → server: the user trusted the workspace (Workspace Trust). */
export const WORKSPACE_TRUSTED = 'schemasense/workspaceTrusted';

export interface RunMigrationParams {
  uri: string;
  /** `file`: the document of `uri`; `pending`: every migration of its workspace not applied yet. */
  scope: 'file' | 'pending';
  dryRun: boolean;
  /** Answers to the questions of an earlier answer (see RunMigrationResult.questions). */
  consent?: { remoteHost?: boolean; rerun?: boolean; noTransaction?: boolean };
  /** Echoed in the progress notifications. */
  progressToken: string;
}

export interface RunQuestion {
  kind: 'remote-host' | 'rerun' | 'no-transaction';
  /** The question in words, for a modal dialog: names host, database and user, never the password. */
  text: string;
}

export interface RunMigrationResult {
  status: 'done' | 'failed' | 'cancelled' | 'connection lost' | 'confirm' | 'unavailable';
  /** One sentence for the notification. */
  message: string;
  /** The schema changes the run made (a dry run: would make), one line each. */
  changes: string[];
  /** Files, notes, warnings, the error's detail and hint: what the log has beyond the message. */
  details: string[];
  questions: RunQuestion[];
}

export interface RunProgressParams {
  token: string;
  message: string;
  /** 0..100 over the files of the run. */
  percent: number;
}

export interface ResetEmbeddedResult {
  message: string;
}

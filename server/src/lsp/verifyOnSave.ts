import { promises as fs } from 'fs';
import * as path from 'path';
import { ShadowDatabase, type ShadowFile } from '../verify/shadow';
import { describeError, type Logger } from './log';
import type { OpenDocuments } from './checks';
import type { PostgresDiagnostics } from './postgresDiagnostics';
import type { WorkspaceRegistry } from './workspaces';

/** A shadow database nobody saved into for this long is closed (it holds a PostgreSQL in memory). */
const IDLE_MS = 10 * 60_000;

/**
 * `schemasense.verifyOnSave`: when a migration file is saved, Postgres runs it (verify/shadow.ts) after the
 * migrations before it, and its error becomes a diagnostic with source `postgres`. One shadow database per
 * workspace folder, kept between saves.
 */
export class SaveVerifier {
  private readonly shadows = new Map<string, { shadow: ShadowDatabase; idle?: NodeJS.Timeout }>();

  constructor(
    private readonly documents: OpenDocuments,
    private readonly registry: WorkspaceRegistry,
    private readonly diagnostics: PostgresDiagnostics,
    private readonly log: Logger,
  ) {}

  async saved(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    const placement = this.registry.place(uri);
    const ws = await placement.entry.ready;
    if (!doc || !ws || !placement.onDisk || !ws.isMigration(placement.path)) return;
    const text = doc.getText();
    this.log.info(`SchemaSense: verifying ${path.basename(placement.path)} in the embedded PostgreSQL`);
    const order = ws.migrationFiles();
    const earlier = await Promise.all(order.slice(0, order.indexOf(path.resolve(placement.path))).map((p) => this.fileOf(p)));
    const started = Date.now();
    const problems = await this.shadowFor(placement.entry.root).verify(earlier, { path: placement.path, text });
    // Edited while Postgres ran: the result belongs to a text that is gone.
    if (this.documents.get(uri)?.getText() !== text) return;
    this.log.info(`SchemaSense: verified ${path.basename(placement.path)} in the embedded PostgreSQL in ${Date.now() - started} ms: ${problems.length ? problems.map((p) => `${p.code} ${p.message.split('\n')[0]}`).join('; ') : 'no error'}`);
    this.diagnostics.set(uri, text, problems);
  }

  async dispose(): Promise<void> {
    const all = [...this.shadows.values()];
    this.shadows.clear();
    await Promise.all(all.map((s) => (clearTimeout(s.idle), s.shadow.dispose().catch(() => undefined))));
  }

  private shadowFor(root: string): ShadowDatabase {
    let entry = this.shadows.get(root);
    if (!entry) {
      entry = { shadow: new ShadowDatabase({ log: (line) => this.log.info(`SchemaSense: ${root}: ${line}`) }) };
      this.shadows.set(root, entry);
    }
    clearTimeout(entry.idle);
    const current = entry;
    current.idle = setTimeout(() => {
      if (this.shadows.get(root) === current) this.shadows.delete(root);
      current.shadow.dispose().catch((e) => this.log.error(`SchemaSense: closing the verification database failed.\n${describeError(e)}`));
    }, IDLE_MS);
    current.idle.unref();
    return current.shadow;
  }

  /** An earlier migration as the editor has it (an open document's text wins over the disk's). */
  private async fileOf(file: string): Promise<ShadowFile> {
    const open = this.documents.all().find((d) => d.uri.startsWith('file:') && path.resolve(this.registry.place(d.uri).path) === file);
    return { path: file, text: open?.getText() ?? (await fs.readFile(file, 'utf8').catch(() => '')) };
  }
}

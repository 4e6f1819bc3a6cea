import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { MigrationFile } from '../../server/src/analysis';
import { edit, ServerProcess, uriOf } from '../lsp/serverProcess';
import type { FuzzInput } from './mutations';
import { answerWithinMs, describeError, type Failure, type Outcome } from './outcome';

/** The server's quiet time after a keystroke (lsp/checks.ts) comes on top of the answer bound for diagnostics. */
const DEBOUNCE_MS = 150;
const SERVER_FAILURE = /failed|uncaught|unhandled/i;

/**
 * The bundled language server over stdio, in a project whose migrations build the fuzz catalog. Each
 * input is a new document: opened with the real statement, then changed into the mutant by one
 * incremental edit, as typing does; then completion and hover at a position of the mutant. Every step
 * must be answered in time, the server must stay alive, and it must log no failure (its handlers log
 * what they catch instead of crashing, so a logged failure is an exception that escaped the analysis).
 */
export class ServerTarget {
  private documents = 0;

  private constructor(
    private server: ServerProcess,
    private readonly root: string,
  ) {}

  static async start(catalogFiles: MigrationFile[]): Promise<ServerTarget> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-fuzz-'));
    fs.mkdirSync(path.join(root, 'migrations'));
    catalogFiles.forEach((f, i) => fs.writeFileSync(path.join(root, 'migrations', `${String(i + 1).padStart(4, '0')}_${path.basename(f.path)}`), f.text));
    return new ServerTarget(await ServerTarget.boot(root), root);
  }

  /** A server that has loaded the project: the first document waits for the history's replay, which is not an input's time. */
  private static async boot(root: string): Promise<ServerProcess> {
    const server = await ServerProcess.start({ folders: [root] });
    const ready = path.join(root, 'ready.sql');
    await server.diagnostics(ready, { after: server.open(ready, 'SELECT 1;'), timeoutMs: 60_000 });
    server.close(ready);
    return server;
  }

  /**
   * Runs `inputs` in batches of `concurrency` documents in flight; returns the failures by input index.
   * An input that failed among others is run again alone (on a fresh server if the batch took it down):
   * a hang that does not come back alone was the batch's load, any other failure counts either way.
   */
  async runAll(inputs: FuzzInput[], concurrency: number): Promise<Map<number, Failure>> {
    const failures = new Map<number, Failure>();
    for (let start = 0; start < inputs.length; start += concurrency) {
      const batch = inputs.slice(start, start + concurrency);
      const outcomes = await Promise.all(batch.map((input) => this.run(input.text, input.original)));
      const suspects = batch.filter((_, i) => 'kind' in outcomes[i]);
      // A server that hung on one input is still busy with it: give the others a fresh one.
      if (!this.server.alive() || outcomes.some((o) => 'kind' in o && o.kind === 'hang')) await this.restart();
      for (const input of suspects) {
        const alone = await this.run(input.text, input.original);
        const together = outcomes[batch.indexOf(input)] as Failure;
        if ('kind' in alone) failures.set(input.index, alone);
        else if (together.kind !== 'hang') failures.set(input.index, { ...together, error: `(only among other inputs) ${together.error}` });
        if (!this.server.alive() || ('kind' in alone && alone.kind === 'hang')) await this.restart();
      }
    }
    return failures;
  }

  /** One input, as a new document. */
  async run(text: string, original = ''): Promise<Outcome> {
    const file = path.join(this.root, `fuzz-${++this.documents}.sql`);
    const logsBefore = this.server.logs.length;
    const stderrBefore = this.server.stderr.length;
    let outcome: Outcome;
    try {
      await this.server.diagnostics(file, { after: this.server.open(file, original, 1), where: (p) => p.version === 1, timeoutMs: DEBOUNCE_MS + answerWithinMs(original) });
      const prefix = commonPrefix(original, text);
      let suffix = 0;
      while (suffix < Math.min(original.length, text.length) - prefix && original.charCodeAt(original.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
      const change = edit(original, prefix, original.length - suffix, text.slice(prefix, text.length - suffix));
      await this.server.diagnostics(file, { after: this.server.change(file, 2, [change]), where: (p) => p.version === 2, timeoutMs: DEBOUNCE_MS + answerWithinMs(text) });
      const lines = text.slice(0, text.length >> 1).split(/\r\n|\r|\n/);
      const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
      for (const method of ['textDocument/completion', 'textDocument/hover']) {
        await within(this.server.connection.sendRequest(method, { textDocument: { uri: uriOf(file) }, position }), method, answerWithinMs(text));
      }
      outcome = { ok: true };
    } catch (e) {
      outcome = { kind: /within/.test(String(e)) ? 'hang' : 'crash', error: describeError(e) };
    }
    this.server.close(file);
    const logged = this.server.logs.slice(logsBefore).filter((l) => SERVER_FAILURE.test(l));
    const aborted = this.server.stderr.slice(stderrBefore).filter((l) => l.includes('Aborted('));
    if (!this.server.alive()) return { kind: 'crash', error: `the server exited\n${this.server.stderr.join('').slice(-4000)}` };
    if ('ok' in outcome && (logged.length || aborted.length)) return { kind: 'crash', error: [...logged, ...aborted].join('\n') };
    return outcome;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private async restart(): Promise<void> {
    await this.server.stop();
    this.server = await ServerTarget.boot(this.root);
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

async function within<T>(request: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms)));
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

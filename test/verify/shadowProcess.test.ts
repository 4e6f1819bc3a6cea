/**
 * The on-save verification's database runs in a process of its own (run/pgliteHost.ts), outside the
 * language server's memory: it is a child of the server, and it ends with the server even while it is
 * inside a long statement (its event loop busy), rather than running on as an orphan.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ServerProcess, uriOf } from '../lsp/serverProcess';
import { ensureBundles, project } from '../run/cliProcess';
import { testCache } from '../run/support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return children;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !probe(); await sleep(100)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('the verification database in a process of its own', function () {
  this.timeout(120_000);
  if (process.platform !== 'linux') return;

  it('is a child process of the server, and ends with the server in the middle of a statement', async () => {
    ensureBundles();
    process.env.SCHEMASENSE_CACHE_DIR = testCache;
    const long = 'SELECT pg_sleep(60);\n';
    const root = project({ 'migrations/001_init.sql': 'CREATE TABLE t (id int);\n', 'migrations/002_long.sql': long });
    const file = path.join(root, 'migrations/002_long.sql');
    const server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: {} });
    try {
      const pid = server.child.pid!;
      await server.diagnostics(file, { after: server.open(file, long) });
      const before = childrenOf(pid);
      void server.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(file) } });
      let database: number | undefined;
      await until('the verification database to start', () => (database = childrenOf(pid).find((c) => !before.includes(c))) !== undefined, 60_000);
      const cmdline = fs.readFileSync(`/proc/${database}/cmdline`, 'utf8');
      assert.match(cmdline, /pglite-worker\.js/);
      // Inside pg_sleep: the database has opened and is running the saved file.
      await until('the saved file to run', () => server.logs.some((l) => /verification database started/.test(l)), 60_000);
      await sleep(500);
      server.child.kill('SIGKILL');
      await until('the verification database to end with the server', () => !alive(database!), 10_000);
    } finally {
      await server.stop().catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

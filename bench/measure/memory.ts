import * as fs from 'fs';
import * as path from 'path';
import { ServerProcess, uriOf } from '../../test/lsp/serverProcess';
import { summarize, type Figure } from '../figures';
import { generatePrismaSchema } from '../workloads/prisma';

/**
 * Figure 5, memory of our server on a small Prisma project (schema.prisma and three migrations), as an
 * editor leaves it: the migration opened and checked, then saved (the on-save verification starts an
 * embedded PostgreSQL, in a process of its own), then left alone. Resident memory (VmRSS) of the server's
 * process, and of the database's, is read once the server has been quiet for a while; the server's peak
 * (VmHWM) at the end.
 * The peer has no Prisma source nor an embedded database: ours only.
 */

const QUIET_MS = 3_000;
const TIMEOUT_MS = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

/** VmRSS of the direct children of `pid` (the embedded database's process), summed. */
function childrenRssMb(pid: number): number {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) sum += memoryMb(Number(entry), 'VmRSS');
    } catch {
      // Gone meanwhile.
    }
  }
  return sum;
}

function prismaProject(dir: string, models: number): string {
  fs.mkdirSync(path.join(dir, 'prisma'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'prisma', 'schema.prisma'), generatePrismaSchema(models, 3));
  const migrations = [
    'CREATE TABLE audit_log (id bigserial PRIMARY KEY, model_id bigint REFERENCES model_0 (id), note text);',
    'ALTER TABLE audit_log ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();\nCREATE INDEX audit_log_created ON audit_log (created_at);',
    'CREATE VIEW recent_audit AS SELECT a.id, a.note, m.name FROM audit_log a JOIN model_0 m ON m.id = a.model_id WHERE a.created_at > now() - interval \'1 day\';',
  ];
  // The tables schema.prisma describes exist before these (the base); the migrations add to them.
  let last = '';
  migrations.forEach((sql, i) => {
    const folder = path.join(dir, 'prisma', 'migrations', `2026010${i + 1}000000_step_${i + 1}`);
    fs.mkdirSync(folder, { recursive: true });
    last = path.join(folder, 'migration.sql');
    fs.writeFileSync(last, sql + '\n');
  });
  return last;
}

async function quiet(server: ServerProcess, file: string): Promise<void> {
  for (;;) {
    const timeline = server.timeline(file);
    const since = Date.now() - (timeline[timeline.length - 1]?.at ?? 0);
    if (since >= QUIET_MS) return;
    await sleep(QUIET_MS - since);
  }
}

export async function measurePrismaProjectMemory(workDir: string, models: number): Promise<Figure[]> {
  const dir = path.join(workDir, `prisma-${models}`);
  const file = prismaProject(dir, models);
  const server = await ServerProcess.start({ folders: [dir], capabilities: { workspace: { configuration: true } }, settings: {} });
  try {
    const pid = server.child.pid!;
    await server.diagnostics(file, { after: server.open(file, fs.readFileSync(file, 'utf8')), timeoutMs: TIMEOUT_MS });
    await quiet(server, file);
    const checked = memoryMb(pid, 'VmRSS');

    const from = server.logs.length;
    void server.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(file) } });
    for (const deadline = Date.now() + TIMEOUT_MS; !server.logs.slice(from).some((l) => /verified migration\.sql/.test(l)); ) {
      if (Date.now() > deadline) throw new Error(`no verification within ${TIMEOUT_MS} ms: ${server.logs.slice(from).join('\n')}`);
      await sleep(100);
    }
    await quiet(server, file);
    const saved = memoryMb(pid, 'VmRSS');
    const database = childrenRssMb(pid);
    const peak = memoryMb(pid, 'VmHWM');
    const workload = `Prisma project: ${models} models, 3 migrations`;
    return [
      { section: '5. Server RSS, steady', workload: `${workload}; a migration open and checked (goal ≤ 150 MB)`, unit: 'MB', ours: summarize([checked]) },
      { section: '5. Server RSS, steady', workload: `${workload}; after a save (on-save verification ran)`, unit: 'MB', ours: summarize([saved]) },
      { section: '5. Server RSS, steady', workload: `${workload}; the on-save database's own process (closed after 10 idle minutes)`, unit: 'MB', ours: summarize([database]) },
      { section: '5. Server peak RSS', workload, unit: 'MB', ours: summarize([peak]) },
    ];
  } finally {
    await server.stop();
  }
}

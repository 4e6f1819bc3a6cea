/**
 * The Prisma migration folders against the database's `_prisma_migrations`, differentially: the rows are
 * written by Prisma's own schema engine (`applyMigrations`, what `prisma migrate deploy` runs, from
 * @prisma/schema-engine-wasm) on a real PostgreSQL, and after each change of the folders our findings are
 * held against the engine's `diagnoseMigrationHistory` (what `migrate dev` and `migrate status` start from).
 * Then the warnings in the workspace and in `schemasense check`, a database that is down, and no password
 * anywhere.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { main } from '../../../server/src/cli/main';
import { Workspace } from '../../../server/src/project/workspace';
import { checksumMatches, prismaChecksum, type HistoryFinding } from '../../../server/src/analysis/drift';
import { createDatabase, withClient, type TestDatabase } from '../../support/postgres';
import { prismaEngine, type EngineDiagnosis } from '../../support/prismaEngine';
import { tempProjects } from '../../database/tempProjects';
import { ServerProcess } from '../../lsp/serverProcess';
import { prismaSchemaOfUrl, readPrismaMigrations } from '../../../server/src/sources/database/prismaMigrations';

const PASSWORD = 'pw-never-shown-71';
const M1 = '20260101000000_init';
const M2 = '20260102000000_posts';
const M3 = '20260103000000_bio';
const M4 = '20260104000000_more';
const TEXTS: Record<string, string> = {
  [M1]: '-- CreateTable\nCREATE TABLE "User" (\n    "id" SERIAL NOT NULL,\n    "email" TEXT NOT NULL,\n\n    CONSTRAINT "User_pkey" PRIMARY KEY ("id")\n);\n',
  [M2]: '-- CreateTable\nCREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "authorId" INTEGER NOT NULL,\n\n    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);\n',
  [M3]: '-- AlterTable\nALTER TABLE "User" ADD COLUMN     "bio" TEXT;\n',
};

interface Summary {
  edited: string[];
  failed: string[];
  missing: string[];
  unapplied: string[];
}

function engineSummary(d: EngineDiagnosis): Summary {
  const h = d.history;
  return {
    edited: [...d.editedMigrationNames].sort(),
    failed: [...d.failedMigrationNames].sort(),
    missing: h && h.diagnostic !== 'databaseIsBehind' ? [...h.unpersistedMigrationNames].sort() : [],
    unapplied: h && h.diagnostic !== 'migrationsDirectoryIsBehind' ? [...h.unappliedMigrationNames].sort() : [],
  };
}

function ourSummary(findings: readonly HistoryFinding[]): Summary {
  const of = (kind: HistoryFinding['kind']) => findings.filter((f) => f.kind === kind).map((f) => f.name).sort();
  return { edited: of('edited'), failed: of('failed'), missing: of('missing'), unapplied: of('unapplied') };
}

async function schemasense(cwd: string, ...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { cwd, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("Prisma history: migration folders against the database's _prisma_migrations", function () {
  this.timeout(120_000);
  const projects = tempProjects('prisma-history');
  let db: TestDatabase;
  let url: string;
  let root: string;
  let dir: string;
  let engine: Awaited<ReturnType<typeof prismaEngine>>;
  const file = (name: string) => path.join(dir, name, 'migration.sql');
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(file(name)), { recursive: true });
    fs.writeFileSync(file(name), text);
  };
  const reset = () => {
    for (const d of fs.readdirSync(dir)) if (d !== 'migration_lock.toml') fs.rmSync(path.join(dir, d), { recursive: true });
    for (const [name, text] of Object.entries(TEXTS)) write(name, text);
  };
  const workspace = () => Workspace.open({ root, env: { DATABASE_URL: url } });
  /** Ours and the engine's verdicts on the folders as they are now. */
  const both = async () => {
    const ours = (await workspace()).prismaHistory();
    assert.ok(ours, 'no history read from the database');
    return { ours: ourSummary(ours.findings), theirs: engineSummary(await engine.diagnoseMigrationHistory(dir)), report: ours };
  };

  before(async () => {
    db = await createDatabase('prisma_history');
    url = db.url.replace('postgres@', `postgres:${PASSWORD}@`);
    root = projects.make({ 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n' });
    dir = path.join(root, 'prisma', 'migrations');
    reset();
    engine = await prismaEngine(db.url);
    assert.deepStrictEqual((await engine.applyMigrations(dir)).appliedMigrationNames, [M1, M2, M3]);
  });
  after(async () => {
    await engine?.close();
    await db?.drop();
    projects.cleanup();
  });
  afterEach(() => reset());

  it("computes the checksum Prisma's engine records: SHA-256 of the script", async () => {
    const rows = await withClient(db, async (c) => (await c.query('select migration_name, checksum from _prisma_migrations order by started_at')).rows);
    assert.deepStrictEqual(rows.map((r) => [r.migration_name, r.checksum]), [M1, M2, M3].map((m) => [m, prismaChecksum(TEXTS[m])]));
    assert.strictEqual(prismaChecksum('hello'), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it("reads the table in the URL's ?schema= (else public); another schema's only when it is the only one", async () => {
    const other = await createDatabase('prisma_history_schemas');
    try {
      await withClient(other, async (c) => {
        const make = async (schema: string, name: string) => {
          await c.query(`create schema if not exists "${schema}"`);
          await c.query(`create table "${schema}"._prisma_migrations (id varchar(36) primary key, checksum varchar(64) not null, finished_at timestamptz,
            migration_name varchar(255) not null, logs text, rolled_back_at timestamptz, started_at timestamptz not null default now(), applied_steps_count integer not null default 0)`);
          await c.query(`insert into "${schema}"._prisma_migrations (id, checksum, finished_at, migration_name) values ('1', $1, now(), $2)`, [prismaChecksum(name), name]);
        };
        await make('tenant_a', 'a_init');
        assert.deepStrictEqual((await readPrismaMigrations(c, 'public'))?.rows.map((r) => r.name), ['a_init']);
        await make('tenant_b', 'b_init');
        assert.strictEqual(await readPrismaMigrations(c, 'public'), undefined);
        const b = await readPrismaMigrations(c, prismaSchemaOfUrl(`${other.url}?schema=tenant_b`));
        assert.strictEqual(b?.table, 'tenant_b._prisma_migrations');
        assert.deepStrictEqual(b.rows.map((r) => [r.name, r.checksum, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.finishedAt ?? ''), r.rolledBackAt]), [['b_init', prismaChecksum('b_init'), true, undefined]]);
      });
    } finally {
      await other.drop();
    }
  });

  it('agrees with the engine when the folders are as applied: nothing to report', async () => {
    const { ours, theirs, report } = await both();
    assert.deepStrictEqual(theirs, { edited: [], failed: [], missing: [], unapplied: [] });
    assert.deepStrictEqual(ours, theirs);
    assert.deepStrictEqual(report.problems, []);
    assert.strictEqual(report.table, 'public._prisma_migrations');
  });

  it('a folder edited after it was applied (one comment added): edited, as the engine says, warned on that file', async () => {
    write(M1, TEXTS[M1] + '-- a note added later\n');
    const { ours, theirs } = await both();
    assert.deepStrictEqual(theirs.edited, [M1]);
    assert.deepStrictEqual(ours, theirs);
    const ws = await workspace();
    const problems = ws.check(file(M1), fs.readFileSync(file(M1), 'utf8')).filter((p) => p.code === 'prisma-history');
    assert.strictEqual(problems.length, 1);
    assert.deepStrictEqual(problems[0].span, { start: 0, end: '-- CreateTable'.length });
    assert.strictEqual(problems[0].severity, 'warning');
    assert.match(problems[0].message, new RegExp(`^migration \`${M1}\` was modified after it was applied: its checksum is [0-9a-f]{12}…, \`_prisma_migrations\` of 127\\.0\\.0\\.1:\\d+/\\w+_prisma_history recorded ${prismaChecksum(TEXTS[M1]).slice(0, 12)}…; the next \`prisma migrate dev\` will ask to reset the database`));
    assert.ok(!problems[0].message.includes(PASSWORD));
    // The other files carry nothing; an editor text back to the applied one clears the warning.
    assert.deepStrictEqual(ws.check(file(M2), TEXTS[M2]).filter((p) => p.code === 'prisma-history'), []);
    assert.deepStrictEqual(ws.check(file(M1), TEXTS[M1]).filter((p) => p.code === 'prisma-history'), []);
  });

  it('line endings changed by git (LF to CRLF) are no edit, for the engine and for us', async () => {
    write(M2, TEXTS[M2].replace(/\n/g, '\r\n'));
    const { ours, theirs } = await both();
    assert.deepStrictEqual(theirs.edited, []);
    assert.deepStrictEqual(ours, theirs);
    assert.ok(checksumMatches(TEXTS[M2].replace(/\n/g, '\r\n'), prismaChecksum(TEXTS[M2])));
    assert.ok(!checksumMatches(TEXTS[M2] + '\n', prismaChecksum(TEXTS[M2])));
  });

  it('a folder the database applied is gone: missing, warned on the folder before which it sorted (else the last)', async () => {
    fs.rmSync(path.dirname(file(M3)), { recursive: true });
    const { ours, theirs, report } = await both();
    assert.deepStrictEqual(theirs.missing, [M3]);
    assert.deepStrictEqual(ours, theirs);
    assert.deepStrictEqual(report.problems.map((p) => [path.basename(path.dirname(p.file)), p.finding.kind]), [[M2, 'missing']]);
    fs.rmSync(path.dirname(file(M1)), { recursive: true });
    const again = await both();
    assert.deepStrictEqual(again.ours, again.theirs);
    assert.deepStrictEqual(again.report.problems.map((p) => [path.basename(path.dirname(p.file)), p.finding.name]), [[M2, M1], [M2, M3]]);
  });

  it('a new folder is not applied yet, as the engine says; no warning on it', async () => {
    write(M4, 'ALTER TABLE "Post" ADD COLUMN "title" TEXT;\n');
    const { ours, theirs, report } = await both();
    assert.deepStrictEqual(theirs.unapplied, [M4]);
    assert.deepStrictEqual(ours, theirs);
    assert.deepStrictEqual(report.problems, []);
  });

  it('a migration that failed to apply: failed, as the engine says, until it is marked rolled back; then deploy applies it again, and its new checksum counts', async () => {
    write(M4, 'ALTER TABLE "Nope" ADD COLUMN "title" TEXT;\n');
    await assert.rejects(engine.applyMigrations(dir));
    const failed = await both();
    assert.deepStrictEqual(failed.theirs.failed, [M4]);
    assert.deepStrictEqual(failed.ours, failed.theirs);
    const ws = await workspace();
    const [problem, ...more] = ws.check(file(M4), fs.readFileSync(file(M4), 'utf8')).filter((p) => p.code === 'prisma-history');
    assert.deepStrictEqual(more, []);
    assert.match(problem.message, new RegExp(`records migration \`${M4}\` as failed \\(started \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z, neither finished nor rolled back\\): \`prisma migrate deploy\` refuses to run \\(P3009\\)`));

    try {
      await engine.markMigrationRolledBack(M4);
      const rolledBack = await both();
      // A rolled-back row does not count: the folder is unapplied again, and deploy applies it.
      assert.deepStrictEqual(rolledBack.theirs, { edited: [], failed: [], missing: [], unapplied: [M4] });
      assert.deepStrictEqual(rolledBack.ours, rolledBack.theirs);
      // Nor is a rolled-back row whose folder is gone missing.
      fs.rmSync(path.dirname(file(M4)), { recursive: true });
      const gone = await both();
      assert.deepStrictEqual(gone.theirs, { edited: [], failed: [], missing: [], unapplied: [] });
      assert.deepStrictEqual(gone.ours, gone.theirs);
      write(M4, 'ALTER TABLE "Post" ADD COLUMN "title" TEXT;\n');
      assert.deepStrictEqual((await engine.applyMigrations(dir)).appliedMigrationNames, [M4]);
      const applied = await both();
      assert.deepStrictEqual(applied.ours, applied.theirs);
    } finally {
      await withClient(db, (c) => c.query(`delete from _prisma_migrations where migration_name = $1`, [M4]));
      await withClient(db, (c) => c.query(`alter table "Post" drop column if exists "title"`));
    }
  });

  it('schemasense check prints the warning on the edited file, without the password, and exits 0', async () => {
    write(M1, TEXTS[M1] + '-- a note added later\n');
    const r = await schemasense(root, 'check', '--database-url', url);
    assert.strictEqual(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.includes('prisma-history'));
    assert.strictEqual(lines.length, 1, r.stdout);
    assert.match(lines[0], new RegExp(`^prisma/migrations/${M1}/migration.sql:1:1: warning prisma-history migration \`${M1}\` was modified after it was applied`));
    const json = await schemasense(root, 'check', '--database-url', url, '--format', 'json');
    assert.deepStrictEqual(JSON.parse(json.stdout).filter((f: { code: string }) => f.code === 'prisma-history').map((f: { range: unknown }) => f.range), [{ start: { line: 0, character: 0 }, end: { line: 0, character: 14 } }]);
    for (const out of [r.stdout, r.stderr, json.stdout, json.stderr]) assert.ok(!out.includes(PASSWORD));
  });

  it('schemasense prisma status tells what migrate status would, exits 1 unless the database is up to date', async () => {
    const up = await schemasense(root, 'prisma', 'status', '--database-url', url);
    assert.strictEqual(up.status, 0, up.stderr);
    assert.match(up.stdout, /^3 migration\(s\) found; public\._prisma_migrations of 127\.0\.0\.1:\d+\/\w+: 3 applied\n {2}the database is up to date\n$/);
    write(M1, TEXTS[M1] + '-- a note added later\n');
    write(M4, 'ALTER TABLE "Post" ADD COLUMN "title" TEXT;\n');
    const behind = await schemasense(root, 'prisma', 'status', '--database-url', url);
    assert.strictEqual(behind.status, 1, behind.stderr);
    assert.deepStrictEqual(behind.stdout.split('\n').slice(1), [
      `  not yet applied: ${M4}`,
      `  modified after it was applied: ${M1} (checksum ${prismaChecksum(TEXTS[M1] + '-- a note added later\n').slice(0, 12)}…, recorded ${prismaChecksum(TEXTS[M1]).slice(0, 12)}…)`,
      '',
    ]);
    const down = await schemasense(root, 'prisma', 'status', '--database-url', `postgres://postgres:${PASSWORD}@127.0.0.1:${await closedPort()}/app`);
    assert.strictEqual(down.status, 2);
    assert.strictEqual(down.stderr.split('\n').filter(Boolean).length, 1, down.stderr);
    assert.match(down.stderr, /^schemasense prisma: database 127\.0\.0\.1:\d+\/app: connection refused/);
    for (const out of [up.stdout, behind.stdout, down.stdout, down.stderr]) assert.ok(!out.includes(PASSWORD));
  });

  it('in the editor (the bundled server over stdio): the warning on the open edited folder, gone when the text is back as applied', async () => {
    write(M1, TEXTS[M1] + '-- a note added later\n');
    const lsp = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: { databaseUrl: url } });
    try {
      const edited = fs.readFileSync(file(M1), 'utf8');
      const history = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.filter((d) => d.code === 'prisma-history') as { range: { start: { line: number; character: number } }; severity?: number; message: string }[];
      const opened = lsp.open(file(M1), edited);
      const [warning, ...more] = history(await lsp.diagnostics(file(M1), { after: opened, where: (p) => history(p).length > 0 }));
      assert.deepStrictEqual(more, []);
      assert.deepStrictEqual([warning.range.start, warning.severity], [{ line: 0, character: 0 }, 2]);
      assert.match(warning.message, new RegExp(`^migration \`${M1}\` was modified after it was applied`));
      const back = lsp.change(file(M1), 2, [{ text: TEXTS[M1] }]);
      assert.deepStrictEqual(history(await lsp.diagnostics(file(M1), { after: back })), []);
      for (const out of [...lsp.logs, ...lsp.stderr]) assert.ok(!out.includes(PASSWORD), out);
    } finally {
      await lsp.stop();
    }
  });

  it('a database that is down: one clear message, no history warning, no password', async () => {
    write(M1, TEXTS[M1] + '-- a note added later\n');
    const down = `postgres://postgres:${PASSWORD}@127.0.0.1:${await closedPort()}/app`;
    fs.writeFileSync(path.join(root, '.env'), `DATABASE_URL="${down}"\n`);
    try {
      const r = await schemasense(root, 'check');
      assert.strictEqual(r.status, 0, r.stderr);
      assert.deepStrictEqual(r.stderr.split('\n').filter(Boolean), [`schemasense: warning: database 127.0.0.1:${new URL(down).port}/app: connection refused (is the server running, and on this port?); using the migration files alone`]);
      assert.ok(!r.stdout.includes('prisma-history'));
      const named = await schemasense(root, 'check', '--database-url', down);
      assert.strictEqual(named.status, 2);
      assert.strictEqual(named.stderr.split('\n').filter(Boolean).length, 1, named.stderr);
      for (const out of [r.stdout, r.stderr, named.stdout, named.stderr]) assert.ok(!out.includes(PASSWORD));
    } finally {
      fs.rmSync(path.join(root, '.env'));
    }
  });
});

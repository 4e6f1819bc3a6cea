/**
 * No password in any output of a run: the CLI's stdout and stderr (URL on the command line, in DATABASE_URL,
 * in .env), the runner's log lines, reports and thrown errors, and the language server's log, stderr, results
 * and questions. Once with a wrong password (the server refuses the login) and once with the right one
 * (a run that succeeds and one that fails). The server authenticates one role with scram-sha-256 for this.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { Workspace } from '../../server/src/project/workspace';
import { runSession } from '../../server/src/run/runSession';
import { resolveTarget } from '../../server/src/run/target';
import { ServerProcess, uriOf } from '../lsp/serverProcess';
import { createDatabase, startPostgres, type TestDatabase } from '../support/postgres';
import { cli, ensureBundles, project } from './cliProcess';
import { SAMPLE, testCache } from './support';

const ROLE = 'schemasense_pw_role';
const RIGHT = 'Right-p@ss:w/rd#42';
const WRONG = 'Wrong-s3cret!pw%x';

describe('passwords never appear in any output', function () {
  this.timeout(120_000);
  let tdb: TestDatabase;
  let admin: Client;
  let hbaFile: string;
  let hbaBefore: string;
  let root: string;
  const urlWith = (password: string) => {
    const u = new URL(tdb.url);
    u.username = ROLE;
    u.password = encodeURIComponent(password);
    return u.toString();
  };
  const outputs: { label: string; text: string; secret: string }[] = [];
  const collect = (label: string, secret: string, ...texts: unknown[]) =>
    outputs.push({ label, secret, text: texts.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))).join('\n') });

  before(async () => {
    ensureBundles();
    process.env.SCHEMASENSE_CACHE_DIR = testCache;
    await startPostgres();
    tdb = await createDatabase('passwords');
    admin = await tdb.connect();
    await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${RIGHT.replace(/'/g, "''")}'`);
    await admin.query(`ALTER DATABASE "${tdb.name}" OWNER TO ${ROLE}`);
    hbaFile = (await admin.query('SHOW hba_file')).rows[0].hba_file;
    hbaBefore = fs.readFileSync(hbaFile, 'utf8');
    // Only this role needs a password; every other connection of the test run keeps trust.
    fs.writeFileSync(hbaFile, `host all ${ROLE} 127.0.0.1/32 scram-sha-256\n${hbaBefore}`);
    await admin.query('SELECT pg_reload_conf()');
    root = project({});
    fs.cpSync(path.dirname(SAMPLE), path.join(root, 'database'), { recursive: true });
  });
  after(async () => {
    if (hbaFile) {
      fs.writeFileSync(hbaFile, hbaBefore);
      await admin.query('SELECT pg_reload_conf()');
    }
    await admin?.end();
    await tdb?.drop();
    const c = new Client({ connectionString: (await startPostgres()).url });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${ROLE}`).catch(() => undefined);
    await c.end();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the CLI, with the URL as a flag, in DATABASE_URL and in .env', async () => {
    const wrong = await cli(root, ['run', '--pending', '--verbose', '--database-url', urlWith(WRONG)]);
    assert.strictEqual(wrong.status, 2, wrong.stderr);
    // It says that nothing ran (the database could not be opened).
    assert.match(wrong.stderr, /password authentication failed for user "schemasense_pw_role"; nothing ran$/m);
    collect('cli wrong flag', WRONG, wrong.stdout, wrong.stderr);

    const wrongEnv = await cli(root, ['run', '--pending'], { DATABASE_URL: urlWith(WRONG) });
    assert.strictEqual(wrongEnv.status, 2);
    collect('cli wrong env', WRONG, wrongEnv.stdout, wrongEnv.stderr);

    fs.writeFileSync(path.join(root, '.env'), `DATABASE_URL="${urlWith(RIGHT)}"\n`);
    const right = await cli(root, ['run', '--pending', '--verbose']);
    assert.strictEqual(right.status, 1, right.stderr); // 001–014 apply, 015 fails
    assert.match(right.stdout, /015_add_credits_to_customer_stats\.sql:13:33: error 42703 column ak\.customer_id does not exist/);
    assert.match(right.stderr, /running on postgres:\/\/schemasense_pw_role@127\.0\.0\.1:\d+\//);
    collect('cli right .env', RIGHT, right.stdout, right.stderr);
    fs.rmSync(path.join(root, '.env'));

    const usage = await cli(root, ['run', '--pending', `--database-url=${urlWith(RIGHT)}`, '--no-such-flag']);
    assert.strictEqual(usage.status, 2);
    collect('cli usage error', RIGHT, usage.stdout, usage.stderr);
  });

  it('the runner: log lines, reports, errors', async () => {
    const ws = await Workspace.open({ root });
    for (const [secret, label] of [[WRONG, 'wrong'], [RIGHT, 'right']] as const) {
      const logs: string[] = [];
      const target = await resolveTarget(root, urlWith(secret));
      try {
        const report = await runSession({ workspace: ws, target, log: (l) => logs.push(l), progress: (p) => logs.push(JSON.stringify(p)), consent: { rerun: true } });
        collect(`runner ${label}`, secret, report, logs);
      } catch (e) {
        assert.strictEqual(label, 'wrong', String(e));
        collect(`runner ${label} error`, secret, String((e as Error).stack), (e as Error).message, logs);
      }
    }
  });

  it('the language server: log, stderr, results and questions', async () => {
    for (const [secret, label] of [[WRONG, 'wrong'], [RIGHT, 'right']] as const) {
      const server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: { databaseUrl: urlWith(secret), verifyOnSave: false } });
      try {
        const result = await server.connection.sendRequest('schemasense/runMigration', { uri: uriOf(root), scope: 'pending', dryRun: true, progressToken: 'p' });
        collect(`lsp ${label}`, secret, result, server.logs, server.stderr);
      } finally {
        await server.stop();
      }
    }
    // A host that is not local: the question names host, database and user, and comes before any connection
    // (the schema is taken from the migrations, so nothing tries to reach that host).
    const remote = `postgres://app_user:${encodeURIComponent(RIGHT)}@db.example.invalid:6543/app_db`;
    const server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: { databaseUrl: remote, verifyOnSave: false, schemaSource: 'migrations' } });
    try {
      const result = (await server.connection.sendRequest('schemasense/runMigration', { uri: uriOf(root), scope: 'pending', dryRun: false, progressToken: 'r' })) as {
        status: string;
        questions: { kind: string; text: string }[];
      };
      assert.strictEqual(result.status, 'confirm');
      assert.match(result.questions[0].text, /host db\.example\.invalid:6543, database app_db, as user app_user/);
      collect('lsp remote question', RIGHT, result, server.logs, server.stderr);
    } finally {
      await server.stop();
    }
  });

  it('none of it holds the password, raw or URL-encoded', () => {
    assert.ok(outputs.length >= 9, `${outputs.length} outputs collected`);
    for (const o of outputs) {
      assert.ok(o.text.length > 0, `${o.label}: no output`);
      for (const form of [o.secret, encodeURIComponent(o.secret)]) {
        assert.ok(!o.text.includes(form), `${o.label} shows the password:\n${o.text}`);
      }
    }
  });
});

/**
 * What Run Migration tells the editor on the embedded database, through the bundled language server over
 * stdio: the notification's one line (what ran, the outcome; the earlier files the embedded database lacked
 * named as such; no cache path, no detail or hint: the log has them), the steps of the progress ("starting
 * the embedded database", "applying 001–014 first: 3/14"), and no tool-history warning for a Supabase
 * project, whose history no tool ever runs on SchemaSense's private copy.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunMigrationParams, RunMigrationResult, RunProgressParams } from '../../server/src/lsp/runProtocol';
import { ServerProcess, uriOf } from '../lsp/serverProcess';
import { ensureBundles, project } from './cliProcess';
import { SAMPLE, testCache } from './support';

const BUGGY = 'database/migrations/015_add_credits_to_customer_stats.sql';

describe('Run Migration notifications on the embedded database (language server)', function () {
  this.timeout(180_000);
  const roots: string[] = [];
  const servers: ServerProcess[] = [];
  let savedUrl: string | undefined;

  const start = async (root: string) => {
    const server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: { verifyOnSave: false } });
    servers.push(server);
    const progress: RunProgressParams[] = [];
    server.connection.onNotification('schemasense/runProgress', (p: RunProgressParams) => void progress.push(p));
    const run = (file: string) =>
      server.connection.sendRequest<RunMigrationResult>('schemasense/runMigration', {
        uri: uriOf(path.join(root, file)),
        scope: 'file',
        dryRun: false,
        progressToken: 'n1',
      } satisfies RunMigrationParams);
    return { server, progress, run };
  };

  before(() => {
    ensureBundles();
    process.env.SCHEMASENSE_CACHE_DIR = testCache;
    savedUrl = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
  });
  after(async () => {
    for (const s of servers) await s.stop();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  });

  it('says in one line that 015 failed and that 001–014 were applied first, with the steps as progress', async () => {
    const root = project({});
    roots.push(root);
    fs.cpSync(path.dirname(SAMPLE), path.join(root, 'database'), { recursive: true });
    const { server, progress, run } = await start(root);
    const result = await run(BUGGY);
    assert.strictEqual(result.status, 'failed', JSON.stringify(result));
    assert.strictEqual(
      result.message,
      '015_add_credits_to_customer_stats.sql failed: 42703 column ak.customer_id does not exist (on the embedded database); ' +
        'rolled back; 001–014 were applied first (the embedded database lacked them).',
    );
    assert.ok(!result.message.includes(testCache), result.message);
    // Postgres's hint ("Perhaps you meant ... ac.customer_id") is in the log, not on the notification's line.
    assert.ok(result.details.some((d) => /hint: Perhaps you meant to reference the column "ac\.customer_id"/.test(d)), result.details.join('\n'));
    // The schema changes of 001–014 are theirs, under their own heading, not the failed run's.
    assert.deepStrictEqual(result.changes, []);
    assert.ok(result.details.includes('Schema changes of 001–014, applied first:'), result.details.join('\n'));
    assert.ok(!result.details.includes('Schema changes:'), result.details.join('\n'));
    const steps = progress.map((p) => p.message);
    assert.strictEqual(steps[0], 'starting the embedded database');
    for (const k of [1, 3, 14]) assert.ok(steps.includes(`applying 001–014 first: ${k}/14`), steps.join('\n'));
    assert.ok(steps.some((s) => s.startsWith('015_add_credits_to_customer_stats.sql: ')), steps.join('\n'));
    assert.ok(server.logs.some((l) => /015_add_credits_to_customer_stats\.sql failed: 42703 .*001–014 were applied first/.test(l)), server.logs.join('\n'));
  });

  it('names only the changes of the file asked for on success, and warns of no tool history on the embedded database', async () => {
    const root = project({
      'supabase/migrations/20240101000000_init.sql': 'create table notes (id bigint primary key, body text);\n',
      'supabase/migrations/20240102000000_title.sql': 'alter table notes add column title text;\n',
    });
    roots.push(root);
    const { run } = await start(root);
    const result = await run('supabase/migrations/20240102000000_title.sql');
    assert.strictEqual(result.status, 'done', JSON.stringify(result));
    assert.match(
      result.message,
      /^Applied 20240102000000_title\.sql to the embedded database in \d+ ms: \+ column notes\.title text; 20240101000000 was applied first \(the embedded database lacked it\)\.$/,
    );
    assert.ok(!result.details.some((d) => /Supabase/.test(d)), result.details.join('\n'));
  });
});

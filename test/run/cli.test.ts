/**
 * `schemasense run` (the real executable) with no database configured: the embedded PostgreSQL. The error
 * line is `file:line:col: error SQLSTATE message` at the failing reference and the exit status 1; a fixed
 * file applies and its schema changes are listed; an applied file is not run again without --yes; bad usage
 * exits 2.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { cli, ensureBundles, project } from './cliProcess';
import { SAMPLE, testCache } from './support';

const BUGGY = 'database/migrations/015_add_credits_to_customer_stats.sql';

describe('schemasense run (CLI) on the embedded database', function () {
  this.timeout(120_000);
  let root: string;
  const run = (...args: string[]) => cli(root, ['run', ...args], { SCHEMASENSE_CACHE_DIR: testCache, DATABASE_URL: '' });

  before(() => {
    ensureBundles();
    root = project({});
    fs.cpSync(path.dirname(SAMPLE), path.join(root, 'database'), { recursive: true });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('applies the history in order and stops at 015 with file:line:col: error SQLSTATE message', async () => {
    const r = await run('--pending');
    assert.strictEqual(r.status, 1, r.stderr);
    assert.strictEqual(r.stdout.split('\n')[0], `${BUGGY}:13:33: error 42703 column ak.customer_id does not exist`);
    assert.match(r.stdout, /^ {2}hint: Perhaps you meant to reference the column "ac\.customer_id"\.$/m);
    assert.match(r.stdout, /^ {2}001_create_customers\.sql: \+ table customers \(5 columns\)$/m);
    assert.match(r.stderr, /running on embedded database \(/);
  });

  it('dry-runs and then applies the fixed file, listing what it changed', async () => {
    const file = path.join(root, BUGGY);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('LEFT JOIN api_keys ak ON c.id = ak.customer_id', 'LEFT JOIN api_keys ak ON ak.api_client_id = ac.id'));
    const dry = await run('--dry-run', BUGGY);
    assert.strictEqual(dry.status, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /^Dry run of 015_add_credits_to_customer_stats\.sql succeeded in \d+ ms on embedded database .*; everything was rolled back\.$/m);
    const applied = await run(BUGGY);
    assert.strictEqual(applied.status, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /^Applied 015_add_credits_to_customer_stats\.sql in \d+ ms/m);
    assert.match(applied.stdout, /^ {2}\+ column customer_stats\.api_key_count bigint$/m);
    const pending = await run('--pending');
    assert.strictEqual(pending.status, 0);
    assert.match(pending.stdout, /^Nothing to run on .*: every migration is applied \(15 files\)\.$/m);
  });

  it('does not run an applied file again without --yes', async () => {
    const again = await run('database/migrations/001_create_customers.sql');
    assert.strictEqual(again.status, 2);
    assert.match(again.stderr, /Already applied: 001_create_customers\.sql \(by SchemaSense on .*\)\. Run again\? \(rerun with --yes\)/);
    const forced = await run('--yes', 'database/migrations/001_create_customers.sql');
    assert.strictEqual(forced.status, 1);
    assert.match(forced.stdout, /^database\/migrations\/001_create_customers\.sql:2:1: error 42P07 relation "customers" already exists$/m);
  });

  it('exits 2 on bad usage', async () => {
    for (const args of [[], ['--pending', BUGGY], ['--statement-timeout', 'soon', BUGGY], ['no/such/file.sql']]) {
      const r = await run(...args);
      assert.strictEqual(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^schemasense run: /);
    }
  });
});

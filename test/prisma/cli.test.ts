/**
 * `schemasense check` with the schema's sources on the command line (--prisma, --database-url,
 * --schema-source), run in process through the CLI's `main`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import { freePort } from '../database/privateServer';

const PRISMA_FIXTURES = path.resolve(__dirname, '../../../test/fixtures/prisma');

async function schemasense(cwd: string, ...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { cwd, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

describe('schemasense check with --prisma, --database-url and --schema-source', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-cli-sources-'));
    fs.mkdirSync(path.join(root, 'queries'));
    fs.writeFileSync(path.join(root, 'queries', 'report.sql'), 'select c.email, c.credit_cents, c.plann from customers c;\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('checks SQL files against a schema.prisma named on the command line', async () => {
    const prisma = path.join(PRISMA_FIXTURES, 'sample-project', 'schema.prisma');
    const r = await schemasense(root, 'check', 'queries', '--prisma', prisma);
    assert.strictEqual(r.stdout, 'queries/report.sql:1:33: error 42703 column c.plann does not exist\n  hint: Perhaps you meant c.plan.\n1 statement checked in 1 file\n');
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stderr, '');
  });

  it('exits 2 when a source named on the command line cannot be read, password masked', async () => {
    const port = await freePort();
    const r = await schemasense(root, 'check', 'queries', '--database-url', `postgres://app:hunter2@127.0.0.1:${port}/app`);
    assert.strictEqual(r.status, 2);
    // It says that it stops (not "using the migration files alone", which it does not do), password masked.
    assert.strictEqual(
      r.stderr,
      `schemasense: database 127.0.0.1:${port}/app: connection refused (is the server running, and on this port?); stopped, nothing was checked: --database-url must be readable\n`,
    );
    assert.strictEqual(r.stdout, '');
    assert.ok(!r.stderr.includes('hunter2'));
    const missing = await schemasense(root, 'check', 'queries', '--schema-source', 'prisma');
    assert.strictEqual(missing.status, 2);
    assert.match(missing.stderr, /schemaSource is "prisma" but no schema.prisma was found/);
  });

  it('exits 2 on an unknown --schema-source', async () => {
    const r = await schemasense(root, 'check', '--schema-source', 'mysql');
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /--schema-source must be one of auto, migrations, prisma, database, not 'mysql'/);
  });
});

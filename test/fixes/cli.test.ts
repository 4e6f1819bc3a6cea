import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import { repoRoot } from '../postgres/parityFormat';

/** `schemasense check --fix`: preferred fixes applied in place, each reported, then the re-check. */
describe('schemasense check --fix', function () {
  this.timeout(30_000);
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  function project(files: Record<string, string>, from?: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-fix-'));
    roots.push(root);
    if (from) fs.cpSync(from, root, { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return root;
  }

  const errorsOf = (stdout: string) => stdout.split('\n').filter((l) => / error /.test(l)).join('\n');

  async function run(cwd: string, ...args: string[]) {
    let stdout = '';
    let stderr = '';
    const status = await main(args, { cwd, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
    return { status, stdout, stderr };
  }

  it('rewrites the join of examples/sample-project 015 through api_clients, then finds nothing', async () => {
    const root = project({}, path.join(repoRoot(), 'examples', 'sample-project'));
    const file = path.join(root, 'database', 'migrations', '015_add_credits_to_customer_stats.sql');
    const before = fs.readFileSync(file, 'utf8');
    const fixed = await run(root, 'check', '--fix');
    // The sample project's migrations have safety warnings (locks); only errors count here.
    assert.deepStrictEqual({ ...fixed, stdout: errorsOf(fixed.stdout) }, {
      status: 0,
      stdout: '',
      stderr: 'fixed database/migrations/015_add_credits_to_customer_stats.sql:13:33: 42703 Join api_keys through api_clients (subquery)\n',
    });
    const after = fs.readFileSync(file, 'utf8');
    assert.notStrictEqual(after, before);
    assert.ok(after.includes('    FROM api_clients ac2\n    JOIN api_keys ak ON ak.api_client_id = ac2.id\n) ak ON c.id = ak.customer_id\n'), after);
    const again = await run(root, 'check');
    assert.deepStrictEqual({ ...again, stdout: errorsOf(again.stdout) }, { status: 0, stdout: '', stderr: '' });
  });

  it('later migrations see the fixed file; problems without a preferred fix stay reported', async () => {
    const root = project({
      'migrations/001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text, created_at timestamptz);\n',
      'migrations/002_view.sql': 'CREATE VIEW recent AS SELECT u.id, u.emial FROM users u;\n',
      'migrations/003_use.sql': 'SELECT email FROM recent;\nSELECT id FROM users u JOIN recent r ON r.id = u.id;\n',
    });
    const { status, stdout, stderr } = await run(root, 'check', '--fix');
    assert.strictEqual(
      stderr,
      [
        'fixed migrations/002_view.sql:1:36: 42703 Change to `email`',
        'left migrations/003_use.sql:2:8: 42702 Qualify as `u.id`: which relation is meant changes what the query means',
        'left migrations/003_use.sql:2:8: 42702 Qualify as `r.id`: which relation is meant changes what the query means',
        '',
      ].join('\n'),
    );
    assert.strictEqual(fs.readFileSync(path.join(root, 'migrations/002_view.sql'), 'utf8'), 'CREATE VIEW recent AS SELECT u.id, u.email FROM users u;\n');
    // The ambiguous `id` has two fixes and neither is preferred: it is left to the author.
    assert.strictEqual(stdout, 'migrations/003_use.sql:2:8: error 42702 column reference "id" is ambiguous\n4 statements checked in 3 files\n');
    assert.strictEqual(status, 1);
    assert.ok(fs.readFileSync(path.join(root, 'migrations/003_use.sql'), 'utf8').includes('SELECT id FROM'));
  });

  it('keeps stdout machine-readable with --format json', async () => {
    const root = project({
      'migrations/001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);\n',
      'migrations/002_query.sql': 'SELECT u.emial FROM users u;\n',
    });
    const { status, stdout, stderr } = await run(root, 'check', '--fix', '--format', 'json');
    assert.strictEqual(status, 0);
    assert.deepStrictEqual(JSON.parse(stdout), []);
    // The summary is stderr's last line in JSON (README, CLI).
    assert.match(stderr, /^fixed migrations\/002_query.sql:1:8: 42703 Change to `email`\n\{"summary":\{"files":2,"statements":2,"notCheckable":0,"notCheckableBy":\{\}\}\}\n$/);
  });
});

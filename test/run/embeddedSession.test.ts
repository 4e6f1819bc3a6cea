import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/src/project/workspace';
import { runSession } from '../../server/src/run/runSession';
import { SAMPLE, testCache } from './support';

/**
 * Run Migration on the embedded database of a file the workspace has not picked up yet (just created in the
 * editor): the earlier history is applied first, as for any other file.
 */
describe('Run Migration of a new file on a fresh embedded database', function () {
  this.timeout(120_000);
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-new-file-'));
    const migrations = path.join(root, 'database', 'migrations');
    fs.mkdirSync(migrations, { recursive: true });
    for (const f of fs.readdirSync(SAMPLE).filter((f) => !f.startsWith('015'))) fs.copyFileSync(path.join(SAMPLE, f), path.join(migrations, f));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('replays 001–014 before the new 016', async () => {
    const workspace = await Workspace.open({ root });
    const created = path.join(root, 'database', 'migrations', '016_add_expires_at.sql');
    fs.writeFileSync(created, 'ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;\n');
    assert.ok(!workspace.isMigration(created), 'the workspace has not reloaded: the file is new to it');
    const report = await runSession({ workspace, files: [created], target: { kind: 'embedded', dir: path.join(testCache, 'new-file') } });
    assert.strictEqual(report.status, 'done', JSON.stringify(report.failure));
    assert.deepStrictEqual(report.files.map((f) => path.basename(f.path)).slice(-2), ['014_create_monthly_usage_function.sql', '016_add_expires_at.sql']);
  });
});

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { wrap } from 'module';
import { ensureBundles } from '../run/cliProcess';

/**
 * The real `schemasense` executable (bin/schemasense.js → dist/cli.js) on temporary projects.
 * The bundles are rebuilt first when any server source is newer than them.
 */
const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin/schemasense.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function schemasense(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const init = 'create table customers (id int primary key, name text);\ncreate table orders (id int, customer_id int);\n';
const view = 'create view order_names as\nselect o.id, c.name from orders o join customers c on c.id = o.customer_id;\n';
const typo = 'select 1;\nselec 2;\n';
const unknownColumn = '-- the alias is of customers, which has no customer_id\nselect ak.customer_id from customers ak;\n';

describe('schemasense check (CLI)', function () {
  this.timeout(120_000);
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = project(files);
    roots.push(root);
    return root;
  };
  before(ensureBundles);
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('exits 0 with only the summary line on a clean history', () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_view.sql': view });
    const r = schemasense(root, 'check');
    assert.deepStrictEqual(r, { status: 0, stdout: '3 statements checked in 2 files\n', stderr: '' });
  });

  it('notes what it could not check, once per statement, and counts it in the summary (text, JSON, SARIF)', () => {
    const dynamic = "do $$ begin execute format('create table %I (a int)', 'made_late' || current_setting('app.suffix')); end $$;\nselect a from made_late;\n";
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_dynamic.sql': dynamic, 'migrations/003_auth.sql': 'select id from auth.users;\n' });
    const r = schemasense(root, 'check');
    assert.strictEqual(r.status, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepStrictEqual(lines.map((l) => l.replace(/ not checked \(.*$/, '')), [
      'migrations/002_dynamic.sql:1:1: information not-checked',
      'migrations/002_dynamic.sql:2:15: information not-checked',
      'migrations/003_auth.sql:1:16: information not-checked',
      '5 statements checked in 3 files; 3 not checkable: 2 dynamic SQL, 1 unknown schema',
    ]);
    const json = schemasense(root, 'check', '--format', 'json');
    assert.deepStrictEqual(JSON.parse(json.stdout).map((f: { code: string; severity: string }) => `${f.severity} ${f.code}`), ['information not-checked', 'information not-checked', 'information not-checked']);
    const summary = { files: 3, statements: 5, notCheckable: 3, notCheckableBy: { 'dynamic SQL': 2, 'unknown schema': 1 } };
    assert.deepStrictEqual(JSON.parse(json.stderr.trimEnd().split('\n').pop()!), { summary });
    const sarif = JSON.parse(schemasense(root, 'check', '--format', 'sarif').stdout);
    assert.deepStrictEqual(sarif.runs[0].properties, { summary });
    assert.deepStrictEqual(sarif.runs[0].results.map((x: { level: string; ruleId: string }) => `${x.level} ${x.ruleId}`), ['note not-checked', 'note not-checked', 'note not-checked']);
  });

  it('prints file:line:col: severity code message and exits 1 on an error', () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_typo.sql': typo });
    const r = schemasense(root, 'check');
    assert.strictEqual(r.stderr, '');
    assert.strictEqual(r.stdout, 'migrations/002_typo.sql:2:1: error 42601 syntax error at or near "selec"\n4 statements checked in 2 files\n');
    assert.strictEqual(r.status, 1);
  });

  it('keeps each finding on one line in the text format: a line break in a name is written \\n', () => {
    const root = make({ 'migrations/001_init.sql': init, 'q.sql': 'select "no\nsuch" from customers;\nselect c.nam from customers c;\n' });
    const r = schemasense(root, 'check', 'q.sql');
    assert.strictEqual(r.status, 1);
    assert.strictEqual(
      r.stdout,
      'q.sql:1:8: error 42703 column "no\\nsuch" does not exist\n' +
        'q.sql:3:8: error 42703 column c.nam does not exist\n  hint: Perhaps you meant c.name.\n' +
        '2 statements checked in 1 file\n',
    );
  });

  it('prints its version on --version and -V', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const root = make({});
    for (const flag of ['--version', '-V']) assert.deepStrictEqual(schemasense(root, flag), { status: 0, stdout: `schemasense ${version}\n`, stderr: '' });
  });

  it('names its version and informationUri in SARIF, and gives a hint as a related location, not in the message', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const root = make({ 'migrations/001_init.sql': init, 'q.sql': 'select c.nam from customers c;\n' });
    const run = JSON.parse(schemasense(root, 'check', 'q.sql', '--format', 'sarif').stdout).runs[0];
    assert.strictEqual(run.tool.driver.version, version);
    assert.match(run.tool.driver.informationUri, /^(https?|file):\/\/\S+$/);
    const region = { startLine: 1, startColumn: 8, endLine: 1, endColumn: 13 };
    assert.deepStrictEqual(run.results[0].message, { text: 'column c.nam does not exist' });
    assert.deepStrictEqual(run.results[0].relatedLocations, [
      { id: 1, message: { text: 'hint: Perhaps you meant c.name.' }, physicalLocation: { artifactLocation: { uri: 'q.sql' }, region } },
    ]);
  });

  it('prints 0-based LSP ranges as JSON', () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_typo.sql': typo });
    const r = schemasense(root, 'check', '--format', 'json');
    assert.strictEqual(r.status, 1);
    assert.deepStrictEqual(JSON.parse(r.stdout), [
      {
        file: 'migrations/002_typo.sql',
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
        severity: 'error',
        code: '42601',
        message: 'syntax error at or near "selec"',
      },
    ]);
    assert.deepStrictEqual(JSON.parse(schemasense(root, 'check', '--format=json', 'migrations/001_init.sql').stdout), []);
  });

  it('prints SARIF 2.1.0 with a rule per SQLSTATE and 1-based regions', () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_typo.sql': typo });
    const r = schemasense(root, 'check', '--format', 'sarif');
    assert.strictEqual(r.status, 1);
    const log = JSON.parse(r.stdout);
    assert.strictEqual(log.version, '2.1.0');
    assert.strictEqual(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.strictEqual(log.runs.length, 1);
    const run = log.runs[0];
    assert.strictEqual(run.tool.driver.name, 'schemasense');
    assert.deepStrictEqual(
      run.tool.driver.rules.map((r: { id: string; name: string }) => [r.id, r.name]),
      [['42601', 'syntax_error']],
    );
    assert.deepStrictEqual(run.results, [
      {
        ruleId: '42601',
        ruleIndex: 0,
        level: 'error',
        message: { text: 'syntax error at or near "selec"' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'migrations/002_typo.sql' },
              region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 6 },
            },
          },
        ],
      },
    ]);
  });

  it('checks given files and folders, with --root and --migrations', () => {
    const root = make({
      'db/schema/001_init.sql': init,
      'db/schema/002_typo.sql': typo,
      'queries/ok.sql': 'select 1;\n',
      'queries/nested/bad.sql': 'selec 3;\n',
    });
    const here = path.dirname(root);
    const name = path.basename(root);
    // Paths are relative to the current folder, and so are the printed ones.
    const r = schemasense(here, 'check', '--root', name, '--migrations', `${name}/db/schema`, `${name}/queries`);
    assert.strictEqual(r.stdout, `${name}/queries/nested/bad.sql:1:1: error 42601 syntax error at or near "selec"\n2 statements checked in 2 files\n`);
    assert.strictEqual(r.status, 1);
    const file = schemasense(root, 'check', '--migrations', 'db/schema', 'queries/ok.sql');
    assert.deepStrictEqual(file, { status: 0, stdout: '1 statement checked in 1 file\n', stderr: '' });
  });

  it('takes a single folder as the history when the root has none', () => {
    const root = make({ 'sql/001_init.sql': init, 'sql/002_view.sql': view });
    assert.deepStrictEqual(schemasense(root, 'check', 'sql'), { status: 0, stdout: '3 statements checked in 2 files\n', stderr: '' });
  });

  it('exits 2 on bad usage, with a message on stderr', () => {
    const root = make({ 'migrations/001_init.sql': init });
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [['lint'], /unknown command 'lint'/],
      [['check', '--format', 'xml'], /--format must be one of text, json, sarif, not 'xml'/],
      [['check', '--verbose'], /Unknown option '--verbose'/],
      [['check', '--root'], /--root/],
    ];
    for (const [args, message] of cases) {
      const r = schemasense(root, ...args);
      assert.strictEqual(r.status, 2, args.join(' '));
      assert.strictEqual(r.stdout, '');
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Usage: schemasense check/);
    }
  });

  it('exits 2 on an unreadable path or source', () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_typo.sql': typo, '.schemasense.json': '{' });
    const cases: [string[], RegExp][] = [
      [['check', 'nope.sql'], /^schemasense: cannot read .*nope\.sql: no such file or folder\n$/],
      [['check', '--root', 'missing'], /^schemasense: cannot read .*missing: no such file or folder\n$/],
      [['check', '--migrations', 'missing'], /^schemasense: cannot read migration folder .*missing\n$/],
      [['check', 'migrations'], /^schemasense: .*\.schemasense\.json is not valid JSON/],
    ];
    for (const [args, message] of cases) {
      const r = schemasense(root, ...args);
      assert.strictEqual(r.status, 2, args.join(' '));
      assert.strictEqual(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });

  it('prints the usage on --help', () => {
    for (const args of [['--help'], ['check', '-h']]) {
      const r = schemasense(os.tmpdir(), ...args);
      assert.strictEqual(r.status, 0);
      assert.match(r.stdout, /^Usage: schemasense check \[paths\.\.\.\] \[options\]/);
      assert.match(r.stdout, /--format FORMAT +text \(default\), json or sarif/);
    }
  });

  it("reports Postgres's 42703 on an unknown column, covering the whole reference", () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_view.sql': view, 'migrations/003_query.sql': unknownColumn });
    const r = schemasense(root, 'check');
    assert.strictEqual(r.stdout.split('\n')[0], 'migrations/003_query.sql:2:8: error 42703 column ak.customer_id does not exist');
    assert.strictEqual(r.status, 1);
    const [finding] = JSON.parse(schemasense(root, 'check', '--format', 'json').stdout);
    assert.deepStrictEqual(finding.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 21 } });
  });

  it('checks a file outside the history against the whole history (42P01 on an unknown table)', () => {
    const root = make({ 'migrations/001_init.sql': init, 'queries/report.sql': 'select name from customers;\nselect id from invoices;\n' });
    const r = schemasense(root, 'check', 'queries');
    assert.strictEqual(r.stdout.split('\n')[0], 'queries/report.sql:2:16: error 42P01 relation "invoices" does not exist');
    assert.strictEqual(r.status, 1);
  });

  it('gives the same output with the bundle\'s code cache, with one V8 rejects, a stale one, garbage and none', () => {
    // A copy of the executable and its bundle, so the cache can be replaced without touching dist/.
    const copy = make({});
    for (const f of ['bin/schemasense.js', 'bin/loadBundle.js', 'dist/cli.js', 'dist/libpg-query.wasm']) {
      fs.mkdirSync(path.join(copy, path.dirname(f)), { recursive: true });
      fs.copyFileSync(path.join(repo, f), path.join(copy, f));
    }
    const cache = path.join(copy, 'dist/cli.js.cache');
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_typo.sql': unknownColumn + typo });
    const run = () => spawnSync(process.execPath, [path.join(copy, 'bin/schemasense.js'), 'check', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    const expected = run();
    assert.strictEqual(expected.status, 1, expected.stderr);
    assert.match(expected.stdout, /42703/);
    const caches: Record<string, () => void> = {
      'made by a check': () => spawnSync(process.execPath, [path.join(copy, 'bin/schemasense.js'), 'check'], { cwd: root, env: { ...process.env, SCHEMASENSE_WRITE_CODE_CACHE: '1' } }),
      // Without the CLI's V8 flags: V8 rejects it.
      'made under other flags': () => {
        fs.writeFileSync(cache, new vm.Script(wrap(fs.readFileSync(path.join(copy, 'dist/cli.js'), 'utf8'))).createCachedData());
      },
      garbage: () => fs.writeFileSync(cache, Buffer.alloc(4096, 7)),
      'older than the bundle': () => fs.utimesSync(cache, new Date(0), new Date(0)),
    };
    for (const [name, makeCache] of Object.entries(caches)) {
      makeCache();
      const r = run();
      assert.deepStrictEqual({ status: r.status, stdout: r.stdout, stderr: r.stderr }, { status: expected.status, stdout: expected.stdout, stderr: expected.stderr }, name);
    }
  });
});

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { catalogsOf, snapshotOf } from '../../server/src/analysis/catalog/snapshot';
import { withoutRelation } from '../../server/src/analysis/catalog/edit';
import { ensureBundles, project as tempProject } from '../run/cliProcess';

/**
 * The replay cache of the real `schemasense check` (bin/schemasense.js → dist/cli.js), its oracle the same
 * check with --no-cache (a fresh replay): the output is the same whether the cache is empty, filled, corrupt
 * or unwritable; the entry is what a warm run reads (a tampered entry shows in the output), and an edit of
 * any migration — even one that keeps the file's size and time — is never read as the old one.
 */
const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin/schemasense.js');

const init = 'create table customers (id int primary key, name text);\ncreate table orders (id int, customer_id int);\n';
const later = 'alter table orders add column total numeric;\ncreate view order_totals as select o.id, o.total, c.name from orders o join customers c on c.id = o.customer_id;\n';
const broken = 'select ak.customer_id from customers ak;\nselect o.totl from orders o;\n';
const query = 'select name from customers;\nselect o.total from orders o;\nselect id from invoices;\n';

describe('schemasense check: the replay cache', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  const temp = (prefix: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  const project = (files: Record<string, string>) => {
    const root = tempProject(files);
    dirs.push(root);
    return root;
  };
  const check = (root: string, cacheDir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, 'check', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, SCHEMASENSE_CACHE_DIR: cacheDir } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  // An entry (project/replayCache.ts): what it was made from, then the catalogs' snapshot.
  const readEntry = (file: string) => {
    const reader = new v8.DefaultDeserializer(fs.readFileSync(file));
    reader.readHeader();
    return { head: reader.readValue() as unknown, snapshot: reader.readValue() as unknown };
  };
  const entryOf = (head: unknown, snapshot: unknown) => {
    const writer = new v8.DefaultSerializer();
    writer.writeHeader();
    writer.writeValue(head);
    writer.writeValue(snapshot);
    return writer.releaseBuffer();
  };
  const entries = (cacheDir: string) => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith('.replay')) : []);
  before(ensureBundles);
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const files = { 'migrations/001_init.sql': init, 'migrations/002_later.sql': later, 'migrations/003_broken.sql': broken, 'queries/report.sql': query };

  it('gives the output of a fresh replay, cold and warm, for a query, a migration and a folder', () => {
    const root = project(files);
    const cache = path.join(temp('schemasense-cache-'), 'cache');
    for (const args of [['queries/report.sql'], ['queries/report.sql', '--format', 'json'], ['migrations/002_later.sql'], ['migrations/003_broken.sql'], ['migrations']]) {
      const fresh = check(root, cache, '--no-cache', ...args);
      assert.notStrictEqual(fresh.stdout, '', args.join(' '));
      const cold = check(root, cache, ...args);
      const warm = check(root, cache, ...args);
      assert.deepStrictEqual(cold, fresh, `cold: check ${args.join(' ')}`);
      assert.deepStrictEqual(warm, fresh, `warm: check ${args.join(' ')}`);
    }
    assert.match(check(root, cache, 'queries/report.sql').stdout, /^queries\/report\.sql:3:16: error 42P01 relation "invoices" does not exist$/m);
    // One history, one entry (the whole check and the check of one file replay the same files).
    assert.strictEqual(entries(cache).length, 1);
  });

  it('writes nothing with --no-cache, nor for a check of the whole project (which analyses every file anyway)', () => {
    const root = project(files);
    const cache = path.join(temp('schemasense-cache-'), 'cache');
    check(root, cache, '--no-cache', 'queries/report.sql');
    assert.deepStrictEqual(entries(cache), []);
    const whole = check(root, cache);
    assert.match(whole.stdout, /migrations\/003_broken\.sql:1:8: error 42703 column ak\.customer_id does not exist/);
    assert.deepStrictEqual(entries(cache), []);
  });

  it('is what a warm check reads, and an edit of a migration that keeps its size and time is never read as the old one', () => {
    const root = project(files);
    const cache = path.join(temp('schemasense-cache-'), 'cache');
    const truth = check(root, cache, 'queries/report.sql');
    assert.doesNotMatch(truth.stdout, /"customers" does not exist/);
    // Tamper with the entry: the history's schema without customers.
    const [entry] = entries(cache);
    const file = path.join(cache, entry);
    const kept = readEntry(file);
    const catalogs = catalogsOf(kept.snapshot as Parameters<typeof catalogsOf>[0]).map((c) => withoutRelation(c, 'public', 'customers'));
    fs.writeFileSync(file, entryOf(kept.head, snapshotOf(catalogs)));
    assert.match(check(root, cache, 'queries/report.sql').stdout, /relation "customers" does not exist/);
    // The same size and modification time, another text: another key, a fresh replay, the truth again.
    const migration = path.join(root, 'migrations/001_init.sql');
    const { atime, mtime } = fs.statSync(migration);
    fs.writeFileSync(migration, init.replace('name text', 'nome text'));
    fs.utimesSync(migration, atime, mtime);
    const edited = check(root, cache, 'queries/report.sql');
    assert.deepStrictEqual(edited, check(root, cache, '--no-cache', 'queries/report.sql'));
    assert.match(edited.stdout, /column "name" does not exist/);
    // The same paths and lengths: the same entry name, now the edited history's (the older one replaced).
    assert.deepStrictEqual(entries(cache), [entry]);
    assert.strictEqual((readEntry(file).head as { files: [string, string][] }).files[0][1], init.replace('name text', 'nome text'));
    assert.deepStrictEqual(check(root, cache, 'queries/report.sql'), edited, 'warm, edited');
    // And back: the entry is the edited text's, so the first text is a miss again, not the edited catalogs.
    fs.writeFileSync(migration, init);
    fs.utimesSync(migration, atime, mtime);
    assert.deepStrictEqual(check(root, cache, 'queries/report.sql'), truth);
  });

  it('replays again over an entry that cannot be read, and writes it anew', () => {
    const root = project(files);
    const cache = path.join(temp('schemasense-cache-'), 'cache');
    const fresh = check(root, cache, 'queries/report.sql');
    const file = path.join(cache, entries(cache)[0]);
    const size = fs.statSync(file).size;
    const { head } = readEntry(file);
    const garbages = [
      fs.readFileSync(file).subarray(0, 100),
      Buffer.alloc(0),
      Buffer.from('not v8 data'),
      // The previous format, and this one with catalogs that are not catalogs.
      v8.serialize({ format: 1, files: 4, snapshot: { catalogs: [1, 2, 3, 4] } }),
      entryOf(head, { catalogs: [1, 2, 3, 4] }),
      entryOf(head, undefined),
    ];
    for (const garbage of garbages) {
      fs.writeFileSync(file, garbage);
      assert.deepStrictEqual(check(root, cache, 'queries/report.sql'), fresh);
      assert.strictEqual(fs.statSync(file).size, size, 'written anew');
    }
  });

  it('checks as without a cache where the cache folder cannot be written', () => {
    const root = project(files);
    const notAFolder = path.join(temp('schemasense-cache-'), 'file');
    fs.writeFileSync(notAFolder, 'x');
    const fresh = check(root, notAFolder, '--no-cache', 'queries/report.sql');
    assert.deepStrictEqual(check(root, notAFolder, 'queries/report.sql'), fresh);
    assert.deepStrictEqual(check(root, path.join(notAFolder, 'below'), 'queries/report.sql'), fresh);
  });

  it('checks a whole real history (every file analysed once, in the replay) as file by file', () => {
    const corpus = path.join(repo, '..', 'shared', 'corpus');
    const projects = fs.readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
    assert.ok(projects.length > 0, `no history in ${corpus}`);
    for (const p of projects) {
      const sql = fs.readdirSync(path.join(corpus, p.name)).filter((f) => /^\d+.*\.sql$/.test(f));
      const root = project(Object.fromEntries(sql.map((f) => [`migrations/${f}`, fs.readFileSync(path.join(corpus, p.name, f), 'utf8')])));
      const cache = path.join(temp('schemasense-cache-'), 'cache');
      const whole = check(root, cache);
      const fileByFile = check(root, cache, '--no-cache', ...sql.map((f) => `migrations/${f}`));
      assert.deepStrictEqual(whole, fileByFile, p.name);
      assert.match(whole.stdout, new RegExp(`statements checked in ${sql.length} files?\\b`), p.name);
    }
  });

  it('keeps nothing for a history on a schema.prisma base (it may change under the same migrations)', () => {
    const root = project({
      ...files,
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n\nmodel customers {\n  id   Int    @id\n  name String?\n}\n',
    });
    const cache = path.join(temp('schemasense-cache-'), 'cache');
    check(root, cache, 'queries/report.sql');
    assert.deepStrictEqual(entries(cache), []);
  });
});

/**
 * The Schema view's and the ER diagram's requests (`schemasense/schemaTree`, `schemasense/schemaDiagram`)
 * through the bundled server over stdio, on a copy of the sample project: the schema as of a migration (just
 * before or just after it) with what the migration changes and names marked, each defining statement as a
 * location, the open editor's text in place of the file's, and `schemasense/schemaChanged` after a check.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type {
  SchemaChangedParams,
  SchemaDiagramParams,
  SchemaDiagramResult,
  SchemaTreeParams,
  SchemaTreeResult,
  SchemaTreeTable,
} from '../../server/src/lsp/schemaViewProtocol';
import { copyFixture, repoRoot, ServerProcess, uriOf } from './serverProcess';

const SAMPLE = path.join(repoRoot, 'examples', 'sample-project');
const MIGRATIONS = 'database/migrations';

describe('language server: Schema view and ER diagram requests', function () {
  this.timeout(60_000);
  let root: string;
  let server: ServerProcess;
  const changed: string[] = [];
  const file = (name: string) => path.join(root, MIGRATIONS, name);
  const tree = (name: string, moment: 'before' | 'after') =>
    server.connection.sendRequest<SchemaTreeResult>('schemasense/schemaTree', { uri: uriOf(file(name)), moment } satisfies SchemaTreeParams);
  const table = (result: SchemaTreeResult, name: string): SchemaTreeTable => {
    const found = result.schemas.flatMap((s) => s.tables).find((t) => t.name === name);
    assert.ok(found, `${name} in ${JSON.stringify(result.schemas.map((s) => s.tables.map((t) => t.name)))}`);
    return found;
  };

  before(async () => {
    root = copyFixture(SAMPLE);
    server = await ServerProcess.start({ folders: [root] });
    server.connection.onNotification('schemasense/schemaChanged', (p: SchemaChangedParams) => void changed.push(p.uri));
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists the tables before 015 with columns, keys, foreign keys and indexes, marking what 015 names', async () => {
    const result = await tree('015_add_credits_to_customer_stats.sql', 'before');
    assert.strictEqual(result.migration, '015_add_credits_to_customer_stats.sql');
    assert.strictEqual(result.moment, 'before');
    assert.deepStrictEqual(
      result.schemas.map((s) => [s.name, s.tables.map((t) => `${t.name}:${t.kind}${t.change ? `:${t.change}` : ''}${t.used ? ':used' : ''}`)]),
      [
        [
          'public',
          [
            'api_clients:table:used',
            'api_keys:table:used',
            'customer_stats:view:used',
            'customers:table:used',
            'invoices:table:used',
            'usage_events:table',
          ],
        ],
      ],
    );
    const keys = table(result, 'api_keys');
    assert.deepStrictEqual(
      keys.columns.map((c) => [c.name, c.type, c.nullable, c.primaryKey, c.references ? `${c.references.table}.${c.references.column}` : '']),
      [
        ['id', 'bigint', false, true, ''],
        ['api_client_id', 'bigint', false, false, 'api_clients.id'],
        ['prefix', 'text', false, false, ''],
        ['secret_hash', 'text', false, false, ''],
        ['scopes', 'text[]', false, false, ''],
        ['created_at', 'timestamp with time zone', false, false, ''],
        ['revoked_at', 'timestamp with time zone', true, false, ''],
        ['last_used_at', 'timestamp with time zone', true, false, ''],
      ],
    );
    assert.deepStrictEqual(keys.foreignKeys.map((f) => [f.columns, f.references.table, f.references.columns]), [[['api_client_id'], 'api_clients', ['id']]]);
    assert.deepStrictEqual(
      keys.indexes?.filter((i) => !i.primary).map((i) => [i.name, i.columns, i.unique, i.where ?? '']),
      [
        ['api_keys_prefix_key', ['prefix'], true, ''],
        ['api_keys_api_client_id_idx', ['api_client_id'], false, ''],
        ['api_keys_active_idx', ['last_used_at'], false, 'revoked_at IS NULL'],
      ],
    );
    // Click = the defining statement: CREATE TABLE customers in 001, its email column on line 4.
    const customers = table(result, 'customers');
    assert.strictEqual(customers.location?.uri, uriOf(file('001_create_customers.sql')));
    assert.strictEqual(customers.location?.range.start.line, 1);
    assert.deepStrictEqual(customers.columns.find((c) => c.name === 'email')?.location?.range.start, { line: 3, character: 4 });
  });

  it('marks what 011 changes, as of before and after it', async () => {
    const before = await tree('011_add_credits_to_customers.sql', 'before');
    assert.deepStrictEqual(table(before, 'customers').change, 'changed');
    assert.ok(!table(before, 'customers').columns.some((c) => c.name === 'credit_cents'));
    assert.strictEqual(table(before, 'invoices').change, undefined);
    const after = await tree('011_add_credits_to_customers.sql', 'after');
    const credit = table(after, 'customers').columns.find((c) => c.name === 'credit_cents');
    assert.deepStrictEqual([credit?.type, credit?.nullable, credit?.default, credit?.change], ['integer', false, '0', 'added']);
    assert.deepStrictEqual(
      after.schemas.flatMap((s) => s.tables).filter((t) => t.change).map((t) => `${t.name}:${t.change}`),
      ['customers:changed'],
    );
  });

  it("follows the open editor's text, and says so after its check", async () => {
    const name = '011_add_credits_to_customers.sql';
    const text = fs.readFileSync(file(name), 'utf8');
    const edited = text + 'ALTER TABLE invoices ADD COLUMN note text;\nCREATE TABLE refunds (id bigint PRIMARY KEY, invoice_id bigint REFERENCES invoices (id));\n';
    const mark = server.open(file(name), edited);
    await server.diagnostics(file(name), { after: mark });
    // The notification follows the publication on the stream.
    const deadline = Date.now() + 10_000;
    while (!changed.includes(uriOf(file(name))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(changed.includes(uriOf(file(name))), changed.join('\n'));
    const after = await tree(name, 'after');
    assert.deepStrictEqual(
      after.schemas.flatMap((s) => s.tables).filter((t) => t.change).map((t) => `${t.name}:${t.change}`),
      ['customers:changed', 'invoices:changed', 'refunds:added'],
    );
    assert.deepStrictEqual(table(after, 'refunds').foreignKeys.map((f) => `${f.columns.join()}→${f.references.table}.${f.references.columns.join()}`), ['invoice_id→invoices.id']);
    // The location of an object the editor's text made is in that text (its name in CREATE TABLE).
    assert.deepStrictEqual(table(after, 'refunds').location?.range.start, { line: 4, character: 13 });
    // 012 sees the edit too: before it, refunds exists.
    const next = await tree('012_enable_rls_on_api_keys.sql', 'before');
    assert.ok(next.schemas[0].tables.some((t) => t.name === 'refunds'));
    server.close(file(name));
  });

  it('marks what a migration drops: as of before, what it will drop; as of after, what it dropped, still listed', async () => {
    const name = '014_create_monthly_usage_function.sql';
    const text = fs.readFileSync(file(name), 'utf8') + 'DROP TABLE usage_events;\nALTER TABLE api_keys DROP COLUMN scopes;\n';
    await server.diagnostics(file(name), { after: server.open(file(name), text) });
    const marks = (r: SchemaTreeResult) => r.schemas.flatMap((s) => s.tables).filter((t) => t.change).map((t) => `${t.name}:${t.change}`);
    const before = await tree(name, 'before');
    assert.deepStrictEqual(marks(before), ['api_keys:changed', 'usage_events:dropped']);
    assert.strictEqual(table(before, 'api_keys').columns.find((c) => c.name === 'scopes')?.change, 'dropped');
    const after = await tree(name, 'after');
    assert.deepStrictEqual(marks(after), ['api_keys:changed', 'usage_events:dropped']);
    assert.ok(!table(after, 'api_keys').columns.some((c) => c.name === 'scopes'));
    server.close(file(name));
  });

  it('draws the ER diagram as of 015 with the tables it names highlighted, and lists the migrations to pick', async () => {
    const result = await server.connection.sendRequest<SchemaDiagramResult>('schemasense/schemaDiagram', {
      uri: uriOf(root),
      migration: uriOf(file('015_add_credits_to_customer_stats.sql')),
      moment: 'before',
    } satisfies SchemaDiagramParams);
    assert.strictEqual(result.title, '015_add_credits_to_customer_stats.sql (before)');
    assert.deepStrictEqual(result.highlighted, ['public.api_clients', 'public.api_keys', 'public.customer_stats', 'public.customers', 'public.invoices']);
    for (const t of ['api_clients', 'api_keys', 'customer_stats', 'customers', 'invoices', 'usage_events']) {
      assert.match(result.svg, new RegExp(`data-table="public\\.${t}"`));
      assert.ok(result.locations[`public.${t}`]?.uri.startsWith(uriOf(path.join(root, MIGRATIONS))), t);
    }
    // The highlighted boxes are drawn in the accent colour, the others not.
    assert.match(result.svg, /data-table="public\.customers">\n<rect [^>]*fill="#fff4d6"/);
    assert.match(result.svg, /data-table="public\.usage_events">\n<rect [^>]*fill="#ffffff"/);
    assert.match(result.mermaid, /^erDiagram\n/);
    assert.strictEqual(result.migrations.length, 15);
    assert.strictEqual(result.migrations[0].name, '001_create_customers.sql');
    const whole = await server.connection.sendRequest<SchemaDiagramResult>('schemasense/schemaDiagram', { uri: uriOf(root), moment: 'after' } satisfies SchemaDiagramParams);
    assert.strictEqual(whole.title, 'after the whole history');
    assert.deepStrictEqual(whole.highlighted, []);
  });
});

describe('language server: the ER diagram of a big schema', function () {
  this.timeout(60_000);
  let root: string;
  let server: ServerProcess;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-diagram-'));
    fs.mkdirSync(path.join(root, 'migrations'));
    const names = Array.from({ length: 240 }, (_, i) => `t_${String(i).padStart(3, '0')}`);
    const create = names.map((n, i) => `CREATE TABLE ${n} (id int PRIMARY KEY${i ? `, prev_id int REFERENCES ${names[i - 1]} (id)` : ''});\n`).join('');
    fs.writeFileSync(path.join(root, 'migrations/001_tables.sql'), create);
    fs.writeFileSync(path.join(root, 'migrations/002_note.sql'), 'ALTER TABLE t_100 ADD COLUMN note text;\n');
    server = await ServerProcess.start({ folders: [root] });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('draws at most 200 tables, what the migration changes and its neighbours first; the mermaid has them all', async () => {
    const result = await server.connection.sendRequest<SchemaDiagramResult>('schemasense/schemaDiagram', {
      uri: uriOf(root),
      migration: uriOf(path.join(root, 'migrations/002_note.sql')),
      moment: 'after',
    } satisfies SchemaDiagramParams);
    assert.deepStrictEqual([result.drawn, result.total], [200, 240]);
    assert.strictEqual((result.svg.match(/<g class="table"/g) ?? []).length, 200);
    for (const t of ['t_099', 't_100', 't_101']) assert.match(result.svg, new RegExp(`data-table="public\\.${t}"`));
    assert.deepStrictEqual(result.highlighted, ['public.t_100']);
    assert.strictEqual((result.mermaid.match(/^ {2}t_\d+ \{$/gm) ?? []).length, 240);
  });
});

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import { loadParser } from '../../server/src/analysis';
import { repoRoot } from '../postgres/parityFormat';

/** `schemasense schema`: the catalog the migrations build, as JSON, a mermaid erDiagram and an SVG. */
async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const sample = path.join(repoRoot(), 'examples', 'sample-project');

describe('schemasense schema', function () {
  this.timeout(60_000);
  let root: string;
  before(async () => {
    await loadParser();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-schema-'));
    fs.mkdirSync(path.join(root, 'migrations'));
    fs.writeFileSync(path.join(root, 'migrations', '001_init.sql'), 'create table teams (id bigint primary key, name text not null);\n');
    fs.writeFileSync(
      path.join(root, 'migrations', '002_members.sql'),
      'create table members (id bigint primary key, team_id bigint not null references teams (id), email text unique, invited_by bigint references members (id));\n' +
        'create view team_sizes as select team_id, count(*) as n from members group by team_id;\n',
    );
    fs.writeFileSync(path.join(root, 'migrations', '003_drop_email.sql'), 'alter table members drop column email;\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('json: every table and view with columns, keys and foreign keys, exactly', async () => {
    const { code, out } = await cli(['schema', '--root', root], root);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(JSON.parse(out), {
      tables: [
        {
          schema: 'public',
          name: 'members',
          kind: 'table',
          columns: [
            { name: 'id', type: 'bigint', nullable: false },
            { name: 'team_id', type: 'bigint', nullable: false },
            { name: 'invited_by', type: 'bigint', nullable: true },
          ],
          primaryKey: ['id'],
          foreignKeys: [
            { columns: ['team_id'], references: { schema: 'public', table: 'teams', columns: ['id'] } },
            { columns: ['invited_by'], references: { schema: 'public', table: 'members', columns: ['id'] } },
          ],
        },
        {
          schema: 'public',
          name: 'team_sizes',
          kind: 'view',
          columns: [
            { name: 'team_id', type: 'bigint', nullable: true },
            // count(*)'s type is not something the analysis infers.
            { name: 'n', type: '', nullable: true },
          ],
          primaryKey: [],
          foreignKeys: [],
        },
        {
          schema: 'public',
          name: 'teams',
          kind: 'table',
          columns: [
            { name: 'id', type: 'bigint', nullable: false },
            { name: 'name', type: 'text', nullable: false },
          ],
          primaryKey: ['id'],
          foreignKeys: [],
        },
      ],
    });
  });

  it('--at FILE: the schema just before that migration', async () => {
    const { code, out } = await cli(['schema', '--root', root, '--at', 'migrations/003_drop_email.sql'], root);
    assert.strictEqual(code, 0);
    const members = JSON.parse(out).tables.find((t: { name: string }) => t.name === 'members');
    assert.deepStrictEqual(members.columns.map((c: { name: string }) => c.name), ['id', 'team_id', 'email', 'invited_by']);
    const before = JSON.parse((await cli(['schema', '--root', root, '--at', 'migrations/002_members.sql'], root)).out);
    assert.deepStrictEqual(before.tables.map((t: { name: string }) => t.name), ['teams']);
    const bad = await cli(['schema', '--root', root, '--at', 'nope.sql'], root);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /is not one of the 3 migration files/);
  });

  it('mermaid: an erDiagram with an entity per table and one relationship per foreign key, with its cardinality', async () => {
    const { code, out } = await cli(['schema', '--root', sample, '--format', 'mermaid'], sample);
    assert.strictEqual(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.strictEqual(lines[0], 'erDiagram');
    // Every line is one of the grammar's forms: entity open/close, attribute, relationship.
    for (const line of lines.slice(1)) {
      assert.match(line, /^ {2}[A-Za-z_][\w-]* \{$|^ {2}\}$|^ {4}[A-Za-z_][\w\-[\]()]* [A-Za-z_][\w-]*( (PK|FK)(, FK)?)?$|^ {2}[A-Za-z_][\w-]* (\|\||\|o)--(o\{|o\|) [A-Za-z_][\w-]* : "[^"]*"$/, line);
    }
    const model = JSON.parse((await cli(['schema', '--root', sample], sample)).out) as { tables: { name: string; foreignKeys: { references: { table: string } }[] }[] };
    const edges = lines.filter((l) => l.includes('--')).map((l) => l.trim().split(' ')).map((p) => `${p[0]}->${p[2]}`).sort();
    const expected = model.tables.flatMap((t) => t.foreignKeys.map((f) => `${f.references.table}->${t.name}`)).sort();
    assert.deepStrictEqual(edges, expected);
    assert.ok(expected.includes('customers->api_clients') && expected.includes('api_clients->api_keys'), expected.join(' '));
    for (const t of model.tables) assert.ok(lines.includes(`  ${t.name} {`), t.name);
    // api_clients.customer_id is NOT NULL: exactly one customer, many clients.
    assert.ok(lines.some((l) => /^ {2}customers \|\|--o\{ api_clients : /.test(l)), out);
  });

  it('svg: well-formed, a box naming every table, an arrow per foreign key; --at highlights what the file names or changes', async () => {
    const { code, out } = await cli(['schema', '--root', sample, '--format', 'svg'], sample);
    assert.strictEqual(code, 0);
    assertWellFormed(out);
    const model = JSON.parse((await cli(['schema', '--root', sample], sample)).out) as { tables: { schema: string; name: string; foreignKeys: unknown[] }[] };
    for (const t of model.tables) assert.ok(out.includes(`data-table="${t.schema}.${t.name}"`), t.name);
    assert.strictEqual((out.match(/<polyline /g) ?? []).length, model.tables.reduce((n, t) => n + t.foreignKeys.length, 0));
    const at = await cli(['schema', '--root', sample, '--format', 'svg', '--at', 'database/migrations/011_add_credits_to_customers.sql'], sample);
    assertWellFormed(at.out);
    assert.match(at.out, /data-table="public\.customers">\n<rect [^>]*fill="#fff4d6"/);
    // 015 does not apply (PostgreSQL rejects its view), so it changes nothing; the tables it names are highlighted.
    const at015 = await cli(['schema', '--root', sample, '--format', 'svg', '--at', 'database/migrations/015_add_credits_to_customer_stats.sql'], sample);
    const highlighted = [...at015.out.matchAll(/data-table="([^"]+)">\n<rect [^>]*fill="#fff4d6"/g)].map((m) => m[1]);
    assert.deepStrictEqual(highlighted.sort(), ['public.api_clients', 'public.api_keys', 'public.customer_stats', 'public.customers', 'public.invoices']);
  });
});

/** A small XML well-formedness check: every tag closed in order, attributes quoted, entities known. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|&(?!amp;|lt;|gt;|quot;|apos;)|<(?![A-Za-z/])/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[2] === undefined) assert.fail(`stray markup at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[1]) assert.strictEqual(stack.pop(), m[2], `closing </${m[2]}> at ${m.index}`);
    else if (!m[4]) stack.push(m[2]);
  }
  assert.deepStrictEqual(stack, [], 'unclosed tags');
  assert.ok(xml.startsWith('<svg '), 'the root is <svg>');
}

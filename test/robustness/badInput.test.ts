import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { copyFixture, edit, ServerProcess, textAt } from '../lsp/serverProcess';

/**
 * Hostile input against the bundled server (dist/server.js over stdio): every document gets its
 * diagnostics within a bound, the server keeps answering requests afterwards, and it is alive at the end.
 */
describe('language server on bad input', function () {
  this.timeout(180_000);
  let root: string;
  let server: ServerProcess;
  let n = 0;

  before(async () => {
    root = copyFixture();
    server = await ServerProcess.start({ folders: [root] });
  });

  after(async () => {
    const alive = server?.alive();
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    assert.ok(alive, `the server died:\n${server?.stderr.join('')}`);
  });

  /** Opens `text` as a new file and returns its first diagnostics, after which the server must still answer. */
  async function check(text: string, timeoutMs = 20_000): Promise<{ file: string; got: PublishDiagnosticsParams; millis: number }> {
    const file = path.join(root, `bad-${++n}.sql`);
    const started = Date.now();
    const mark = server.open(file, text, 1);
    const got = await server.diagnostics(file, { after: mark, timeoutMs, where: (p) => p.version === 1 });
    const millis = Date.now() - started;
    await server.ping();
    assert.ok(server.alive(), 'the server died');
    return { file, got, millis };
  }

  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code));
  const analysisFailures = () => server.logs.filter((l) => /failed/.test(l));

  it('a 5 MB file of many statements: diagnostics within 60 s, then edits and other files still work', async () => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const s =
        `insert into customers (id, email) values (${i}, 'user${i}@example.com');\n` +
        `select c.id, c.email, a.kind from customers c join accounts a on a.customer_id = c.id where c.id = ${i};\n`;
      parts.push(s);
      size += s.length;
    }
    const text = parts.join('') + 'selec 1;\nselect nope from customers;\n';
    const { file, got, millis } = await check(text, 60_000);
    assert.deepStrictEqual(codes(got), ['42601', '42703'], JSON.stringify(got.diagnostics));
    assert.strictEqual(textAt(text, got.diagnostics[0].range), 'selec');
    assert.strictEqual(textAt(text, got.diagnostics[1].range), 'nope');
    console.log(`      5 MB (${parts.length * 2 + 2} statements): diagnostics after ${millis} ms`);

    // An edit at the end of the big document.
    const at = text.indexOf('selec 1;') + 'selec'.length;
    const started = Date.now();
    const fixed = server.change(file, 2, [edit(text, at, at, 't')]);
    const after = await server.diagnostics(file, { after: fixed, where: (p) => p.version === 2, timeoutMs: 60_000 });
    assert.deepStrictEqual(codes(after), ['42703']);
    console.log(`      5 MB after an edit: diagnostics after ${Date.now() - started} ms`);

    // Another file opened meanwhile is still served.
    const small = await check('selec 2;');
    assert.deepStrictEqual(codes(small.got), ['42601']);
    server.close(file);
    server.close(small.file);
  });

  it('a file of random bytes', async () => {
    const random = seeded(20241125);
    const bytes = Buffer.alloc(512 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    const text = bytes.toString('utf8');
    const { file, got, millis } = await check(text, 60_000);
    assert.ok(got.diagnostics.length > 0, 'random bytes are not SQL');
    assert.ok(got.diagnostics.length <= 1000, `${got.diagnostics.length} diagnostics`);
    assert.ok(codes(got).every((c) => /^[0-9A-Z]{5}$/.test(c)), codes(got).join(','));
    for (const d of got.diagnostics) assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line);
    console.log(`      512 KB of random bytes: ${got.diagnostics.length} diagnostics after ${millis} ms`);
    server.close(file);
  });

  it('an unterminated dollar quote', async () => {
    const text = 'select 1;\ncreate function f() returns int as $body$\nbegin\n  return 1;\nend;\n';
    const { file, got } = await check(text);
    assert.deepStrictEqual(codes(got), ['42601']);
    assert.match(String(got.diagnostics[0].message), /unterminated dollar-quoted string/);
    assert.deepStrictEqual(got.diagnostics[0].range.start, { line: 1, character: text.split('\n')[1].indexOf('$body$') });
    server.close(file);
  });

  it('10,000 nested parentheses', async () => {
    const depth = 10_000;
    const text = `select ${'('.repeat(depth)}1${')'.repeat(depth)};\nselect 2;\n`;
    const { file, got } = await check(text);
    assert.ok(codes(got).length === 1 && ['42601', '54001'].includes(codes(got)[0]), JSON.stringify(got.diagnostics));
    server.close(file);
  });

  describe('deep expressions (the analysis walks what the parser accepts)', () => {
    // Valid SQL but deep (idx: one unknown column at the bottom). The analysis must not overflow its stack
    // on them; where Postgres itself would give up, a stack-depth problem (54001, or 42601) is right too.
    const deep: [string, string][] = [
      ['a 2,500-term sum', `select 1${' + id'.repeat(2500)} + idx from customers;\n`],
      ['3,000 nested function calls', `select ${'coalesce('.repeat(3000)}idx${')'.repeat(3000)} from customers;\n`],
      ['1,500 nested CASE expressions', `select ${'case when true then '.repeat(1500)}idx${' end'.repeat(1500)} from customers;\n`],
      ['1,900 nested scalar subqueries', `select ${'(select '.repeat(1900)}idx${')'.repeat(1900)} from customers;\n`],
      ['a parse tree too deep for JSON', `select 1${' + id'.repeat(20_000)} from customers;\n`],
    ];
    for (const [name, text] of deep) {
      it(`${name}: the server answers, stays alive, and the core does not throw`, async () => {
        const before = analysisFailures().length;
        const { file, got } = await check(text);
        server.close(file);
        assert.deepStrictEqual(analysisFailures().slice(before).map((l) => l.split('\n').slice(0, 4).join('\n')), []);
        assert.strictEqual(got.diagnostics.length, 1, JSON.stringify(got.diagnostics));
        assert.ok(['42703', '42601', '54001'].includes(codes(got)[0]), JSON.stringify(got.diagnostics));
      });
    }
  });

  it('half-typed statements, typed one character at a time', async () => {
    const file = path.join(root, `typing-${++n}.sql`);
    const target =
      'select a.id, c. from accounts a join customers c on c.id = a.customer_id;\n' +
      'insert into accounts (id, customer_id, kind) values (1, 2, \n' +
      "create table t (id int, name text default 'x\n" +
      'select * from';
    let text = '';
    const opened = server.open(file, text, 1);
    let version = 1;
    for (const ch of target) {
      server.change(file, ++version, [edit(text, text.length, text.length, ch)]);
      text += ch;
      if (version % 40 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const got = await server.diagnostics(file, { after: opened, where: (p) => p.version === version, timeoutMs: 20_000 });
    assert.ok(got.diagnostics.length >= 1 && codes(got).every((c) => c === '42601'), JSON.stringify(got.diagnostics));
    await server.ping();

    const samples = ['select c.', 'select * from customers where', 'create table (', 'alter table accounts add column', 'with x as (', "select 'abc", 'select "abc', 'select /* comment', 'select $$', 'select e\'\\'];
    for (const sample of samples) {
      const { file: f, got: g } = await check(sample);
      assert.ok(g.diagnostics.length >= 1 && codes(g).every((c) => c === '42601'), `${sample}: ${JSON.stringify(g.diagnostics)}`);
      server.close(f);
    }
    server.close(file);
  });

  it('odd documents and protocol misuse', async () => {
    for (const text of ['', ';;;', '-- only a comment', '/* only a comment */', '\r\r\r', '\u0000\u0000', '\uFEFFselect 1;', '\uD800 lone surrogate', 'select 1;'.repeat(20_000)]) {
      const { file, got } = await check(text);
      assert.ok(Array.isArray(got.diagnostics));
      server.close(file);
    }
    // Changes and closes for documents that were never opened, an edit past the end of a document.
    const ghost = path.join(root, 'never-opened.sql');
    server.change(ghost, 7, [{ text: 'select 1;' }]);
    server.close(ghost);
    const file = path.join(root, `edges-${++n}.sql`);
    const mark = server.open(file, 'select 1;', 1);
    await server.diagnostics(file, { after: mark });
    const late = server.change(file, 2, [{ range: { start: { line: 99, character: 99 }, end: { line: 120, character: 0 } }, text: '\nselec 2;' }]);
    const got = await server.diagnostics(file, { after: late, where: (p) => p.version === 2 });
    assert.deepStrictEqual(codes(got), ['42601']);
    server.close(file);
    await server.ping();
    assert.ok(server.alive());
  });
});

/** A small seeded PRNG (mulberry32): the same "random" bytes on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Client } from 'pg';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { main } from '../../server/src/cli/main';
import { copyFixture, edit, ServerProcess, uriOf } from '../lsp/serverProcess';
import { createDatabase, pgError, type TestDatabase } from '../support/postgres';
import { NEAR_MISS_CASES, type NearMissCase } from './nearMissCases';

/** Applies one document's LSP edits to its text, last first. */
function applied(text: string, edits: TextEdit[]): string {
  const offset = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).join('\n').length + (p.line ? 1 : 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/**
 * The near misses of issue 13 (a Prisma model name, CREATE INDEX's misspelled column, another table's
 * column, an unknown trigger function) and the other preferred fix kinds: over stdio (the diagnostic, the
 * lightbulb, and the fix clearing it), through `check --fix` (applied, or left with its reason), and on
 * PostgreSQL (the fixed statement gives exactly the rows of a hand-written reference).
 */
describe('quick fixes: near misses', function () {
  this.timeout(60_000);

  describe('over LSP (stdio)', () => {
    const roots = new Map<string, string>();
    let server: ServerProcess;
    before(async () => {
      for (const c of NEAR_MISS_CASES) if (!roots.has(c.root)) roots.set(c.root, copyFixture(c.root));
      server = await ServerProcess.start({ folders: [...roots.values()] });
    });
    after(async () => {
      await server?.stop();
      for (const r of roots.values()) fs.rmSync(r, { recursive: true, force: true });
    });

    NEAR_MISS_CASES.forEach((c, i) => {
      it(`${c.name}: ${c.code} with its hint, the lightbulb, and the fix clears it`, async () => {
        // One file per case (the server keeps what it published for a path).
        const file = path.join(roots.get(c.root)!, c.file.startsWith('migrations/') ? c.file.replace('.sql', `_${i}.sql`) : c.file);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const version = 1;
        const opened = server.open(file, c.text, version);
        const { diagnostics } = await server.diagnostics(file, { after: opened });
        assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.message]), [[c.code, `${c.message}\nHint: ${c.hint}`]]);
        const actions = (await server.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri: uriOf(file) },
          range: diagnostics[0].range,
          context: { diagnostics },
        })) as CodeAction[];
        assert.deepStrictEqual(actions.map((a) => [a.title, !!a.isPreferred]), c.titles.map((t) => [t, t === c.preferred]));
        const chosen = actions.find((a) => a.isPreferred) ?? actions[0];
        const fixed = applied(c.text, chosen.edit!.changes![uriOf(file)]);
        assert.strictEqual(fixed, c.fixed);
        const changed = server.change(file, version + 1, [edit(c.text, 0, c.text.length, fixed)]);
        const after = await server.diagnostics(file, { after: changed, where: (p) => p.version === version + 1 });
        assert.deepStrictEqual(after.diagnostics.filter((d: Diagnostic) => d.severity === 1), [], `case ${i}`);
        server.close(file);
      });
    });
  });

  describe('through check --fix', () => {
    for (const c of NEAR_MISS_CASES) {
      it(`${c.name}: ${c.preferred ? 'applies the preferred fix' : `leaves it (${c.left})`}`, async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-near-miss-'));
        try {
          fs.cpSync(c.root, root, { recursive: true });
          const file = path.join(root, c.file);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, c.text);
          let stderr = '';
          let stdout = '';
          const status = await main(['check', '--fix'], { cwd: root, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
          const errors = stdout.split('\n').filter((l) => / error /.test(l));
          if (c.preferred) {
            assert.match(stderr, new RegExp(`^fixed ${escape(c.file)}:1:\\d+: ${c.code} ${escape(c.preferred)}\\n$`));
            assert.strictEqual(fs.readFileSync(file, 'utf8'), c.fixed);
            assert.deepStrictEqual(errors, []);
            assert.strictEqual(status, 0);
          } else {
            assert.match(stderr, new RegExp(`^left ${escape(c.file)}:1:\\d+: ${c.code} ${escape(c.titles[0])}: ${escape(c.left!)}\\n$`));
            assert.strictEqual(fs.readFileSync(file, 'utf8'), c.text);
            assert.strictEqual(errors.length, 1);
            assert.strictEqual(status, 1);
          }
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      });
    }
  });

  describe('on PostgreSQL: the preferred fix gives what the reference gives', () => {
    let db: TestDatabase;
    let client: Client;
    before(async () => {
      db = await createDatabase('fixes_near_misses');
      client = await db.connect();
      client.on('notice', () => undefined);
    });
    after(async () => {
      await client?.end();
      await db?.drop();
    });

    /** The rows of a statement, as value lists in a stable order. */
    const rows = async (sql: string) => (await client.query(sql)).rows.map((r) => JSON.stringify(Object.values(r))).sort();

    for (const c of NEAR_MISS_CASES.filter((x): x is NearMissCase & { postgres: NonNullable<NearMissCase['postgres']> } => !!x.postgres)) {
      it(`${c.name}: fails as written with ${c.code}, the fixed statement matches the reference`, async () => {
        const setup = async () => {
          for (const f of [...c.postgres.schema, ...(c.postgres.seed ? [c.postgres.seed] : [])]) await client.query(fs.readFileSync(f, 'utf8'));
        };
        await client.query('BEGIN');
        try {
          await setup();
          await client.query('SAVEPOINT written');
          const err = await client.query(c.text).then(() => undefined, (e) => pgError(e) ?? Promise.reject(e));
          assert.strictEqual(err?.code, c.code, `${c.text} ran without ${c.code}`);
          assert.strictEqual(err?.message, c.message);
          await client.query('ROLLBACK TO SAVEPOINT written');
          const own = c.postgres.probe ? (await client.query(c.fixed), await rows(c.postgres.probe)) : await rows(c.fixed);
          assert.ok(own.length > 0, 'the reference is empty: the check could not fail');
          assert.deepStrictEqual(own, await rows(c.postgres.reference));
        } finally {
          await client.query('ROLLBACK');
        }
      });
    }
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

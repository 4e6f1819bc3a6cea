/**
 * Defect classes of issue 12 that need sessions of their own, which the parity files (each case inside one
 * transaction, rolled back) cannot hold: BEGIN ... ROLLBACK in a file, a rejected statement followed by
 * statements that depend on it not having run, and temporary tables ending with their file's session.
 *
 * Each history is a list of files, each file a list of statements. On PostgreSQL, every file runs in a
 * connection of its own (its own session) on one fresh database, statement by statement in autocommit: a
 * statement's outcome is `ok` or its SQLSTATE. The analysis replays the same files (buildHistory); each
 * statement must get exactly the error codes PostgreSQL gave it (none for `ok`). (A relation a rejected statement
 * would have made is left unchecked afterwards, so no statement here names it before making it again.)
 */
import * as assert from 'assert';
import { buildHistory, emptyCatalog, loadParser, parseDocument } from '../../server/src/analysis';
import { createDatabase, pgError, startPostgres } from '../support/postgres';

interface History {
  name: string;
  files: string[][];
}

const HISTORIES: History[] = [
  {
    name: 'class 11: ROLLBACK undoes the transaction, COMMIT keeps it',
    files: [[
      'CREATE TABLE t (a int, b int)',
      'BEGIN',
      'ALTER TABLE t DROP COLUMN b',
      'ROLLBACK',
      'SELECT b FROM t',
      'BEGIN',
      'CREATE TABLE gone (a int)',
      'ROLLBACK',
      'SELECT * FROM gone',
      'START TRANSACTION',
      'SAVEPOINT s',
      'ALTER TABLE t RENAME COLUMN a TO c',
      'ROLLBACK TO SAVEPOINT s',
      'SELECT a FROM t',
      'CREATE TABLE kept (a int)',
      'COMMIT',
      'SELECT a FROM kept',
      'BEGIN',
      'SET search_path = nowhere',
      'ROLLBACK',
      'SELECT a FROM kept',
      'ROLLBACK',
      'SELECT c FROM t',
    ]],
  },
  {
    name: 'class 17: a statement Postgres rejects has no effect',
    files: [[
      'CREATE TABLE t (a int, b int)',
      'ALTER TABLE t DROP COLUMN a, ADD COLUMN c int CHECK (nope > 0)',
      'SELECT a FROM t',
      'SELECT c FROM t',
      'DROP TABLE t, nope',
      'SELECT a, b FROM t',
      'CREATE TABLE w AS SELECT zzz FROM t',
      // w was not made; making it now is fine, and from then on it is checked again.
      'CREATE TABLE w (a int)',
      'SELECT a FROM w',
      'SELECT nope FROM w',
      'ALTER TABLE t RENAME TO t2, ADD COLUMN d int',
    ], [
      'SELECT a FROM t',
    ]],
  },
  {
    name: 'class 10: an inherited column cannot be dropped or renamed in the child',
    files: [[
      'CREATE TABLE p1 (f1 int, f2 int)',
      'CREATE TABLE c1 (f1 int NOT NULL) INHERITS (p1)',
      'ALTER TABLE c1 DROP COLUMN f1',
      'ALTER TABLE c1 RENAME COLUMN f2 TO g',
      'SELECT f1, f2 FROM c1',
      'SELECT g FROM c1',
    ]],
  },
  {
    name: 'class 2: a temporary table is only its own name, for its file',
    files: [[
      'CREATE TABLE kept (a int)',
      'CREATE TEMP TABLE tmp (a int)',
      'SELECT * FROM nope',
      'ALTER TABLE tmp ADD COLUMN b int',
      'SELECT a, b FROM tmp',
      'ALTER TABLE kept RENAME TO renamed',
      'SELECT * FROM kept',
    ], [
      'SELECT * FROM tmp',
      'SELECT a FROM renamed',
    ]],
  },
];

describe('fidelity in sessions of their own (PostgreSQL, statement by statement)', function () {
  const outcomes = new Map<string, string[][]>();

  before(async function () {
    this.timeout(180_000);
    await startPostgres();
    await loadParser();
    for (const h of HISTORIES) {
      const db = await createDatabase('fidelity_sessions');
      const perFile: string[][] = [];
      try {
        for (const file of h.files) {
          const client = await db.connect();
          client.on('notice', () => undefined);
          const codes: string[] = [];
          try {
            for (const sql of file) {
              try {
                await client.query(sql);
                codes.push('ok');
              } catch (e) {
                const pe = pgError(e);
                if (!pe) throw e;
                codes.push(pe.code);
              }
            }
          } finally {
            await client.end();
          }
          perFile.push(codes);
        }
      } finally {
        await db.drop();
      }
      outcomes.set(h.name, perFile);
    }
  });

  for (const h of HISTORIES) {
    it(h.name, function () {
      const pg = outcomes.get(h.name)!;
      const texts = h.files.map((f) => f.map((s) => s + ';').join('\n'));
      const history = buildHistory(texts.map((text, i) => ({ path: `${i + 1}.sql`, text })), emptyCatalog());
      const mismatches: string[] = [];
      let rejected = 0;
      texts.forEach((text, i) => {
        const statements = parseDocument(text).statements;
        assert.strictEqual(statements.length, h.files[i].length, 'each statement is one statement');
        const problems = history.problems(`${i + 1}.sql`).filter((p) => p.severity === 'error');
        statements.forEach((s, j) => {
          const codes = [...new Set(problems.filter((p) => p.span.start >= s.span.start && p.span.start < s.span.end).map((p) => p.code))];
          const expected = pg[i][j];
          if (expected !== 'ok') rejected++;
          const got = codes.length ? codes.join(',') : 'ok';
          if (got !== expected) mismatches.push(`file ${i + 1}, \`${h.files[i][j]}\`: PostgreSQL ${expected}, analysis ${got}`);
        });
      });
      assert.ok(rejected > 0, 'each history has statements PostgreSQL rejects');
      assert.deepStrictEqual(mismatches, []);
    });
  }
});

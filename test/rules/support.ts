/**
 * Rule tests: a migration history (earlier files, each applied in turn), then the file under test. The rules
 * run on the real parser and analysis; each finding's claims (the lock a table's transaction holds, whether
 * the table is rewritten) are measured on the real PostgreSQL of the suite: the history is applied with a row
 * in each table, then the file runs inside a transaction, and before ROLLBACK we read pg_locks for our backend
 * and each claimed table's relfilenode (changed = rewritten).
 */
import * as assert from 'assert';
import type { Client } from 'pg';
import { analyzeDocument, emptyCatalog, loadParser, ruleFindings, type Catalog, type Claim, type RuleOptions } from '../../server/src/analysis';
import { createDatabase, pgError, withClient, type TestDatabase } from '../support/postgres';

export interface RuleCase {
  name: string;
  /** Earlier migration files, applied (and with rows) before the file. */
  history?: string[];
  /** Rows for the tables of the history (run after it). */
  rows?: string;
  file: string;
  /** How many findings of the rule the file gets (0: silent). */
  findings: number;
  /** For a silent case: what PostgreSQL shows, to confirm the safe form is safe. */
  pg?: { table: string; rewrite?: boolean; noLock?: string[] };
  /** The file fails on PostgreSQL with this SQLSTATE (it runs, the rule says why it fails). */
  fails?: string;
  options?: Partial<RuleOptions>;
  /** Skip running the file on PostgreSQL (CONCURRENTLY cannot run in the measuring transaction). */
  noPg?: boolean;
}

export const historyPath = (i: number) => `/project/migrations/${String(i + 1).padStart(3, '0')}_m.sql`;

/** The findings of `rule` in the last file of a history. */
export function findingsIn(rule: string, history: readonly string[], file: string, options: Partial<RuleOptions> = {}) {
  let catalog: Catalog = emptyCatalog();
  history.forEach((text, i) => {
    catalog = analyzeDocument(text, catalog, historyPath(i)).catalogAfter;
  });
  const path = historyPath(history.length);
  const analysis = analyzeDocument(file, catalog, path);
  return ruleFindings(analysis, { file: path, ...options }).filter((f) => f.rule.id === rule);
}

interface Measured {
  locks: Array<{ schema: string; name: string; mode: string }>;
  rewritten: Map<string, boolean>;
  error?: string;
}

async function measure(client: Client, history: readonly string[], rows: string | undefined, file: string, tables: readonly string[]): Promise<Measured> {
  for (const h of history) await client.query(h);
  if (rows) await client.query(rows);
  const before = await relfilenodes(client, tables);
  await client.query('BEGIN');
  try {
    await client.query(file);
  } catch (e) {
    await client.query('ROLLBACK');
    return { locks: [], rewritten: new Map(), error: pgError(e)?.code ?? String(e) };
  }
  const locks = await client.query(
    `SELECT n.nspname AS schema, c.relname AS name, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'`,
  );
  const after = await relfilenodes(client, tables);
  await client.query('ROLLBACK');
  const rewritten = new Map(tables.map((t) => [t, before.get(t) !== after.get(t)]));
  return { locks: locks.rows, rewritten };
}

async function relfilenodes(client: Client, tables: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of tables) {
    const r = await client.query('SELECT relfilenode::text AS f FROM pg_class WHERE oid = to_regclass($1)', [t]);
    out.set(t, r.rows[0]?.f);
  }
  return out;
}

const qualified = (c: Claim) => `${c.table.schema}.${c.table.name}`;

/** One `describe` per rule: each case's findings, and each claim (or safe form) confirmed on PostgreSQL. */
export function ruleCases(rule: string, cases: readonly RuleCase[]): void {
  describe(`rule ${rule}`, function () {
    let db: TestDatabase;
    let n = 0;
    before(async function () {
      this.timeout(60_000);
      await loadParser();
      db = await createDatabase(rule.replace(/-/g, '_'));
    });
    after(async () => db?.drop());

    for (const c of cases) {
      it(c.name, async function () {
        const history = c.history ?? [];
        const found = findingsIn(rule, history, c.file, c.options);
        assert.strictEqual(found.length, c.findings, `findings: ${JSON.stringify(found.map((f) => f.finding.message))}`);
        for (const f of found) {
          assert.ok(f.finding.message.length > 10);
          assert.ok(f.finding.span.end > f.finding.span.start, 'a finding covers text');
        }
        if (c.noPg) return;
        const claims = found.flatMap((f) => f.finding.claims ?? []);
        const tables = [...new Set([...claims.map(qualified), ...(c.pg ? [c.pg.table] : [])])];
        // Each case runs in a schema of its own, so histories do not meet.
        const schema = `case_${++n}`;
        const measured = await withClient(db, async (client) => {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path = ${schema}, public`);
          return measure(client, history, c.rows, c.file, tables.map((t) => t.replace(/^public\./, `${schema}.`)));
        });
        const local = (t: string) => t.replace(/^public\./, `${schema}.`);
        if (c.fails) {
          assert.strictEqual(measured.error, c.fails, 'the file fails on PostgreSQL as the rule says');
          return;
        }
        assert.strictEqual(measured.error, undefined, `the file runs on PostgreSQL: ${measured.error}`);
        for (const claim of claims) {
          const name = local(qualified(claim));
          if (claim.lock) {
            const held = measured.locks.filter((l) => `${l.schema}.${l.name}` === name).map((l) => l.mode);
            assert.ok(held.includes(claim.lock), `${name}: claimed ${claim.lock}, PostgreSQL holds ${held.join(', ') || 'nothing'}`);
          }
          if (claim.rewrite !== undefined) assert.strictEqual(measured.rewritten.get(name), claim.rewrite, `${name}: rewrite claimed ${claim.rewrite}`);
        }
        if (c.pg?.rewrite !== undefined) assert.strictEqual(measured.rewritten.get(local(c.pg.table)), c.pg.rewrite, `${c.pg.table}: rewritten`);
        for (const mode of c.pg?.noLock ?? []) {
          const held = measured.locks.filter((l) => `${l.schema}.${l.name}` === local(c.pg!.table)).map((l) => l.mode);
          assert.ok(!held.includes(mode), `${c.pg!.table}: holds ${mode}`);
        }
      });
    }
  });
}

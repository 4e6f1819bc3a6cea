/**
 * The real-history corpus (.test-tmp/histories, built by `node scripts/histories-corpus.js` from fetched
 * repository snapshots; never committed). For each project, PostgreSQL 15 is the oracle: every file is applied
 * in the tool's order (schemasense-history.json) on a fresh database, each file as one implicit transaction;
 * the checker (the analysis core, the files in the same order as one history, on the tool's history table as
 * the workspace gives it) must report no error on any
 * file PostgreSQL applies. The project's own discovery must order the files as the tool does.
 *
 * When the corpus folder is absent (a fresh CI machine has no snapshots), the suite says so in its one
 * pending test; it never passes as if it had run.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, emptyCatalog, loadParser, type Catalog } from '../../server/src/analysis';
import { discoverMigrations } from '../../server/src/sources/migrations/discover';
import { forwardText } from '../../server/src/sources/migrations/sections';
import { migrationTools, withToolTables } from '../../server/src/sources/migrations/tools';
import { repoRoot } from '../postgres/parityFormat';
import { createDatabase, pgError } from '../support/postgres';

interface HistoryManifest {
  project: string;
  repository: string;
  commit: string;
  tool: string;
  licence: string;
  order: string[];
}

const HISTORIES = process.env.SCHEMASENSE_HISTORIES ?? path.join(repoRoot(), '.test-tmp', 'histories');

function manifests(): Array<{ dir: string; manifest: HistoryManifest }> {
  if (!fs.existsSync(HISTORIES)) return [];
  return fs
    .readdirSync(HISTORIES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(HISTORIES, d.name, 'schemasense-history.json')))
    .map((d) => ({
      dir: path.join(HISTORIES, d.name),
      manifest: JSON.parse(fs.readFileSync(path.join(HISTORIES, d.name, 'schemasense-history.json'), 'utf8')) as HistoryManifest,
    }))
    .sort((a, b) => (a.manifest.project < b.manifest.project ? -1 : 1));
}

/**
 * What the tool creates before it applies the first migration: its history table (the oracle needs it where a
 * migration touches it, e.g. harbor's `schema_migrations`). The checker is given nothing: it must know.
 */
const TOOL_PRELUDE: Record<string, string> = {
  'golang-migrate': 'CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)',
  dbmate: 'CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)',
  goose: 'CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now())',
  diesel: 'CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY, run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)',
  sqlx: 'CREATE TABLE _sqlx_migrations (version bigint PRIMARY KEY, description text NOT NULL, installed_on timestamptz NOT NULL DEFAULT now(), success boolean NOT NULL, checksum bytea NOT NULL, execution_time bigint NOT NULL)',
  prisma: 'CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)',
  flyway: 'CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(), execution_time int NOT NULL, success boolean NOT NULL)',
};

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

describe('real-history corpus (.test-tmp/histories): no error on what PostgreSQL applies', function () {
  const projects = manifests();
  before(async function () {
    await loadParser();
  });

  if (projects.length === 0) {
    it(`corpus absent: no project in ${HISTORIES} (build it with \`node scripts/histories-corpus.js\` from fetched snapshots)`);
    return;
  }

  for (const { dir, manifest } of projects) {
    describe(`${manifest.project} (${manifest.tool}, ${manifest.repository}@${manifest.commit.slice(0, 12)})`, function () {
      it(`orders the files as ${manifest.tool} does`, async function () {
        const discovered = (await discoverMigrations(dir)).files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
        const firstDifference = manifest.order.findIndex((f, i) => discovered[i] !== f);
        assert.ok(
          firstDifference < 0 && discovered.length === manifest.order.length,
          `discovery order differs from ${manifest.tool}'s at #${firstDifference}: ${discovered[firstDifference]} where ${manifest.tool} applies ${manifest.order[firstDifference]}`,
        );
      });

      it('reports no error on any file PostgreSQL 15 applies', async function () {
        this.timeout(15 * 60_000);
        const db = await createDatabase(`history_${manifest.project}`);
        const rejected: string[] = [];
        const falseErrors: string[] = [];
        // As the workspace does: the tool's own history table exists before its first migration.
        const paths = manifest.order.map((rel) => path.join(dir, rel));
        let catalog: Catalog = withToolTables(emptyCatalog(), migrationTools(paths, (p) => fs.readFileSync(p, 'utf8')));
        let statements = 0;
        try {
          const client = await db.connect();
          client.on('notice', () => undefined);
          if (TOOL_PRELUDE[manifest.tool]) await client.query(TOOL_PRELUDE[manifest.tool]);
          try {
            for (const rel of manifest.order) {
              const file = path.join(dir, rel);
              const text = forwardText(fs.readFileSync(file, 'utf8'));
              let applied = true;
              try {
                await client.query(text);
              } catch (e) {
                applied = false;
                const pe = pgError(e);
                rejected.push(`${rel}: ${pe ? `${pe.code} ${pe.message}` : String(e)}`);
                await client.query('ROLLBACK').catch(() => undefined);
              }
              const analysis = analyzeDocument(text, catalog, file);
              statements += analysis.parsed.statements.length;
              catalog = analysis.catalogAfter;
              if (!applied) continue;
              for (const p of analysis.problems) {
                if (p.severity === 'error') falseErrors.push(`${rel}:${lineOf(text, p.span.start)}: ${p.code} ${p.message}`);
              }
            }
          } finally {
            await client.end();
          }
        } finally {
          await db.drop();
        }
        console.log(
          `      ${manifest.project}: ${manifest.order.length} files, ${statements} statements; PostgreSQL applied ` +
            `${manifest.order.length - rejected.length}, rejected ${rejected.length}` +
            (rejected.length ? ` (first: ${rejected[0].slice(0, 160)})` : ''),
        );
        if (falseErrors.length) {
          assert.fail(`${falseErrors.length} false error(s) in files PostgreSQL applies:\n` + falseErrors.map((l) => '    ' + l).join('\n'));
        }
      });
    });
  }
});

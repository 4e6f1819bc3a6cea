/**
 * The fidelity harness: PostgreSQL 15's regression suite as the oracle of the checker (`npm run fidelity`,
 * and test/fidelity/fidelity.test.ts in CI with the floors of floors.json). The suite comes from Debian's
 * postgresql-15 source package: `bash scripts/fidelity-sources.sh` puts it in .test-tmp/pg-regress.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadParser } from '../../server/src/analysis';
import { repoRoot } from '../postgres/parityFormat';
import { compare, type Comparison } from './confusion';
import { readSuite, runOracle, type RegressSuite } from './regressOracle';

export interface Floors {
  precision: number;
  recall: number;
  /** Of the name TPs, the share with PostgreSQL's message. */
  sameWords: number;
  /** Of the name TPs PostgreSQL placed, the share with an error starting where it placed its. */
  samePlace: number;
}

export const suiteDir = () => process.env.SCHEMASENSE_REGRESS_DIR ?? path.join(repoRoot(), '.test-tmp', 'pg-regress');

export function readFloors(): Floors {
  const file = path.join(repoRoot(), 'test', 'fidelity', 'floors.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Floors;
  return { precision: json.precision, recall: json.recall, sameWords: json.sameWords, samePlace: json.samePlace };
}

export interface FidelityRun {
  suite: RegressSuite;
  comparison: Comparison;
  oracleStatements: number;
  oracleMs: number;
  checkerMs: number;
}

/** Where the last full oracle run is kept, for `--cached-oracle` (the checker's side alone, while fixing it). */
const oracleCache = () => path.join(repoRoot(), '.test-tmp', 'fidelity', 'oracle.json');

/**
 * `cachedOracle`: PostgreSQL's outcomes from the last full run of the same suite version instead of running it
 * again (`npm run fidelity -- --cached-oracle`, for development only; CI always runs the oracle).
 */
export async function runFidelity(only?: (name: string) => boolean, cachedOracle = false): Promise<FidelityRun> {
  const suite = readSuite(suiteDir());
  await loadParser();
  const t0 = Date.now();
  let oracle: Awaited<ReturnType<typeof runOracle>> | undefined;
  if (cachedOracle && !only && fs.existsSync(oracleCache())) {
    const cached = JSON.parse(fs.readFileSync(oracleCache(), 'utf8')) as { version: string; oracle: typeof oracle };
    if (cached.version === suite.version) oracle = cached.oracle;
  }
  if (!oracle) {
    oracle = await runOracle(suite, only);
    if (!only) {
      fs.mkdirSync(path.dirname(oracleCache()), { recursive: true });
      fs.writeFileSync(oracleCache(), JSON.stringify({ version: suite.version, oracle }));
    }
  }
  const t1 = Date.now();
  const comparison = compare(oracle.files);
  const t2 = Date.now();
  const report = path.join(repoRoot(), '.test-tmp', 'fidelity', 'report.json');
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, JSON.stringify({ version: suite.version, ...comparison }, null, 1));
  return { suite, comparison, oracleStatements: oracle.statements, oracleMs: t1 - t0, checkerMs: t2 - t1 };
}

/** What falls below a floor, in words; empty when both hold. */
export function belowFloors(c: Comparison, floors: Floors): string[] {
  const out: string[] = [];
  if (c.names.precision < floors.precision) out.push(`precision ${(100 * c.names.precision).toFixed(1)}% is below the floor ${(100 * floors.precision).toFixed(1)}%`);
  if (c.names.recall < floors.recall) out.push(`recall ${(100 * c.names.recall).toFixed(1)}% is below the floor ${(100 * floors.recall).toFixed(1)}%`);
  const { words, place } = agreementShares(c);
  if (words < floors.sameWords) out.push(`PostgreSQL's words in ${(100 * words).toFixed(1)}% of the name TPs, below the floor ${(100 * floors.sameWords).toFixed(1)}%`);
  if (place < floors.samePlace) out.push(`PostgreSQL's place in ${(100 * place).toFixed(1)}% of the name TPs it placed, below the floor ${(100 * floors.samePlace).toFixed(1)}%`);
  return out;
}

/** The shares the sameWords and samePlace floors hold (1 when there is nothing to compare). */
export function agreementShares(c: Comparison): { words: number; place: number } {
  const a = c.agreement;
  return { words: a.tp ? a.sameWords / a.tp : 1, place: a.placed ? a.samePlace / a.placed : 1 };
}

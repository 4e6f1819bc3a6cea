import * as fs from 'fs';
import * as path from 'path';
import { loadParser, parseDocument, type MigrationFile } from '../../server/src/analysis';
import { loadParityFiles, repoRoot } from '../postgres/parityFormat';

/** What the fuzzer mutates, and the catalog it analyses the mutants against. */
export interface FuzzSeeds {
  /** Real statements, each as written (deduplicated, in a stable order). */
  statements: string[];
  /** Migration files that build a realistic catalog: the parity schemas, then each corpus history. */
  catalogFiles: MigrationFile[];
  /** Where they came from, for the log. */
  sources: string[];
}

/** The real migration histories next to the repository (`../shared/corpus`); absent in a lone clone. */
export const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');

function corpusFiles(): MigrationFile[] {
  if (!fs.existsSync(CORPUS)) return [];
  const projects = fs.readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return projects.flatMap((project) => {
    // By name, so `.prelude-*` files (what a Supabase project starts with: auth.users, roles) come first.
    const names = fs.readdirSync(path.join(CORPUS, project)).filter((f) => f.endsWith('.sql')).sort();
    return names.map((name) => ({ path: `corpus/${project}/${name}`, text: fs.readFileSync(path.join(CORPUS, project, name), 'utf8') }));
  });
}

export async function loadSeeds(): Promise<FuzzSeeds> {
  await loadParser();
  const parity = loadParityFiles();
  const corpus = corpusFiles();
  const catalogFiles: MigrationFile[] = [...parity.map((p) => ({ path: p.file, text: p.schema })), ...corpus];
  const documents = [...parity.flatMap((p) => [p.schema, ...p.cases.map((c) => c.sql)]), ...corpus.map((f) => f.text)];
  const statements = [...new Set(documents.flatMap((text) => parseDocument(text).statements.map((s) => s.text)))];
  const sources = [`${parity.length} parity files`, corpus.length ? `${corpus.length} corpus files (${CORPUS})` : `no corpus (${CORPUS} is absent)`];
  return { statements, catalogFiles, sources };
}

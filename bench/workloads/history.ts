import type { MigrationFile } from '../../server/src/analysis';
import { generateCatalog } from './catalog';
import { MigrationWriter } from './migration';

/** Lines of each migration after the first: a typical small migration. */
const LINES_PER_FILE = 40;

/**
 * A migration history of `count` files, the same for the same seed: the first file creates 50 tables,
 * each later one is a small migration that builds on everything before it.
 */
export function generateHistory(count: number, seed: number): MigrationFile[] {
  const catalog = generateCatalog(50, seed);
  const writer = new MigrationWriter(catalog, seed + 1);
  const name = (i: number) => `migrations/${String(i + 1).padStart(5, '0')}_migration.sql`;
  return Array.from({ length: count }, (_, i) => ({ path: name(i), text: i === 0 ? catalog.sql : writer.file(LINES_PER_FILE) }));
}

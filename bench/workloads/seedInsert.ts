import * as fs from 'fs';
import * as path from 'path';

/**
 * A project whose second migration is one INSERT of `rows` rows (a data seed: 200,000 rows are ~7 MB in one
 * statement), after the CREATE TABLE it fills. Returns the project's folder and the seed file, relative to it.
 */
export function seedInsertProject(workDir: string, rows: number): { dir: string; file: string } {
  const dir = path.join(workDir, `seed-${rows}`);
  fs.mkdirSync(path.join(dir, 'migrations'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'migrations', '0001_items.sql'), 'CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, qty integer, added_at timestamptz);\n');
  const values: string[] = [];
  for (let i = 0; i < rows; i++) values.push(`(${i}, 'item ${i}', ${i % 100}, now())`);
  const file = path.join('migrations', '0002_seed_items.sql');
  fs.writeFileSync(path.join(dir, file), `INSERT INTO items (id, name, qty, added_at) VALUES\n${values.join(',\n')};\n`);
  return { dir, file };
}

/**
 * Reader of the parity data files (test/fixtures/parity/*.sql). Format: see test/fixtures/parity/README.md.
 */
import * as fs from 'fs';
import * as path from 'path';

export const EXPECTABLE = ['ok', '42703', '42P01', '42702', '42601', '2BP01', '0A000', '42883'] as const;
export type Expectation = (typeof EXPECTABLE)[number];

export interface ParityCase {
  name: string;
  expect: Expectation;
  /** The statement(s) of the case, as written (comments included). */
  sql: string;
  file: string;
  /** 1-based line of the `-- case:` header in `file`. */
  line: number;
}

export interface ParityFile {
  file: string;
  schema: string;
  cases: ParityCase[];
}

/** The repository root: the nearest folder above `from` whose package.json is SchemaSense's. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'schemasense') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no SchemaSense package.json above ${from}`);
    dir = up;
  }
}

/** `-- schema`, or `-- schema: name.sql` to start from a schema shared by several files (schemas/name.sql). */
const SCHEMA_RE = /^--\s*schema(?::\s*(\S+))?\s*$/i;
const CASE_RE = /^--\s*case:\s*(.+?)\s*$/i;
const EXPECT_RE = /^--\s*expect:\s*(\S+)\s*$/i;

export function parseParityFile(file: string, text: string, include: (name: string) => string = (name) => {
  throw new Error(`${file}: no shared schemas to include ${name} from`);
}): ParityFile {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const fail = (line: number, msg: string): never => {
    throw new Error(`${file}:${line}: ${msg}`);
  };
  let schemaLines: string[] | undefined;
  const cases: ParityCase[] = [];
  let current: { name: string; line: number; expect?: string; body: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    const sql = current.body.join('\n').trim();
    if (!current.expect) fail(current.line, `case "${current.name}" has no "-- expect:" line`);
    if (!(EXPECTABLE as readonly string[]).includes(current.expect!)) {
      fail(current.line, `case "${current.name}": expect must be one of ${EXPECTABLE.join(', ')}, not ${current.expect}`);
    }
    if (!sql || sql.split('\n').every((l) => /^\s*(--.*)?$/.test(l))) fail(current.line, `case "${current.name}" has no SQL`);
    if (cases.some((c) => c.name === current!.name)) fail(current.line, `duplicate case name "${current.name}"`);
    cases.push({ name: current.name, expect: current.expect as Expectation, sql, file, line: current.line });
    current = undefined;
  };
  lines.forEach((l, i) => {
    const n = i + 1;
    let m: RegExpExecArray | null;
    if ((m = SCHEMA_RE.exec(l))) {
      if (schemaLines || current || cases.length) fail(n, '"-- schema" must come once, before the first case');
      schemaLines = m[1] ? include(m[1]).split('\n') : [];
    } else if ((m = CASE_RE.exec(l))) {
      finish();
      current = { name: m[1], line: n, body: [] };
    } else if ((m = EXPECT_RE.exec(l))) {
      if (!current) fail(n, '"-- expect:" outside a case');
      if (current!.expect) fail(n, `case "${current!.name}" has two "-- expect:" lines`);
      current!.expect = m[1];
    } else if (current) {
      current.body.push(l);
    } else if (schemaLines) {
      schemaLines.push(l);
    }
    // lines before "-- schema" are the file's header comment
  });
  finish();
  return { file, schema: (schemaLines ?? []).join('\n').trim(), cases };
}

/** Every parity file, sorted by name; `file` is relative to the repository root. */
export function loadParityFiles(root = repoRoot()): ParityFile[] {
  const dir = path.join(root, 'test', 'fixtures', 'parity');
  if (!fs.existsSync(dir)) throw new Error(`parity data folder missing: ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) =>
      parseParityFile(path.join('test', 'fixtures', 'parity', f), fs.readFileSync(path.join(dir, f), 'utf8'), (name) =>
        fs.readFileSync(path.join(dir, 'schemas', name), 'utf8'),
      ),
    );
}

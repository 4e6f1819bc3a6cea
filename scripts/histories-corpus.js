#!/usr/bin/env node
/**
 * Builds the real-history corpus, .test-tmp/histories/<project>/, from repository snapshots in /work/.mirror
 * (the `search` tool's fetch brings them: github:<owner>/<name>). Nothing of it is committed: the projects'
 * SQL stays in .test-tmp; test/corpus/histories.test.ts runs on it when it is there and says so when not.
 *
 * Each project folder holds the migration files, under `prisma/migrations/` (Prisma) or `migrations/` (the
 * others) with their names and subfolders as in the repository (so the project's own discovery and ordering
 * see the tool's layout), and `schemasense-history.json`:
 *   { project, repository, commit, path (the folder in the repository), tool, licence,
 *     order: [paths relative to the project folder, in the order the tool applies them] }
 * `order` is the tool's own rule, written here independently of server/src/sources/migrations:
 *   prisma          <folder>/migration.sql, folders in string order of their names
 *   diesel          <folder>/up.sql, folders in string order
 *   sqlx            <version>_<name>.sql (or .up.sql), by the version number
 *   golang-migrate  <version>_<name>.up.sql, by the version number
 *   goose           <version>_<name>.sql, by the version number (sections: the checker reads the Up part)
 *   dbmate          <version>_<name>.sql, string order (sections likewise)
 *   flyway          V<version>__<name>.sql, by the version's numeric parts
 *
 * Usage: node scripts/histories-corpus.js [--mirror DIR] [--out DIR] [project ...]
 * A project whose snapshot is absent is listed and left out. To add one: fetch the repository, add a line
 * to PROJECTS below (its folder and tool), run this again.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** Public projects of migration tools' users: folder of the migrations in the repository, and the tool. */
const PROJECTS = [
  { project: 'lemmy', repository: 'LemmyNet/lemmy', dir: 'migrations', tool: 'diesel' },
  { project: 'documenso', repository: 'documenso/documenso', dir: 'packages/prisma/migrations', tool: 'prisma' },
  { project: 'atuin', repository: 'atuinsh/atuin', dir: 'crates/atuin-server-postgres/migrations', tool: 'sqlx' },
  { project: 'harbor', repository: 'goharbor/harbor', dir: 'make/migrations/postgresql', tool: 'golang-migrate' },
];

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const root = path.resolve(__dirname, '..');
const mirror = opt('--mirror', process.env.SCHEMASENSE_MIRROR || '/work/.mirror');
const out = opt('--out', path.join(root, '.test-tmp', 'histories'));
const wanted = new Set(args);

const git = (gitDir, ...a) => execFileSync('git', ['--git-dir', gitDir, ...a], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const gitBytes = (gitDir, ...a) => execFileSync('git', ['--git-dir', gitDir, ...a], { maxBuffer: 256 * 1024 * 1024 });

const leadingNumber = (name) => {
  const m = /^(\d+)/.exec(name);
  return m ? BigInt(m[1]) : undefined;
};
const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const byVersion = (a, b) => {
  const x = leadingNumber(path.basename(a));
  const y = leadingNumber(path.basename(b));
  if (x !== undefined && y !== undefined && x !== y) return x < y ? -1 : 1;
  return byString(a, b);
};
const flywayVersion = (name) => (/^V([\d._]+)__/i.exec(name)?.[1] ?? '').split(/[._]/).map(Number);
const byFlyway = (a, b) => {
  const x = flywayVersion(path.basename(a));
  const y = flywayVersion(path.basename(b));
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return byString(a, b);
};

/** The tool's migration files among `files` (paths relative to the migrations folder), in the tool's order. */
function toolOrder(tool, files) {
  const base = (f) => path.basename(f);
  switch (tool) {
    case 'prisma':
      return files.filter((f) => /^[^/]+\/migration\.sql$/.test(f)).sort(byString);
    case 'diesel':
      return files.filter((f) => /^[^/]+\/up\.sql$/.test(f)).sort(byString);
    case 'sqlx':
      return files.filter((f) => !f.includes('/') && /^\d+_.*\.sql$/.test(f) && !/\.down\.sql$/.test(f)).sort(byVersion);
    case 'golang-migrate':
      return files.filter((f) => !f.includes('/') && /^\d+_.*\.up\.sql$/.test(f)).sort(byVersion);
    case 'goose':
      return files.filter((f) => !f.includes('/') && /^\d+_.*\.sql$/.test(f)).sort(byVersion);
    case 'dbmate':
      return files.filter((f) => !f.includes('/') && /^\d+.*\.sql$/.test(f)).sort((a, b) => byString(base(a), base(b)));
    case 'flyway':
      return files.filter((f) => /^V[\d._]+__.*\.sql$/i.test(base(f))).sort(byFlyway);
    default:
      throw new Error(`unknown tool ${tool}`);
  }
}

function licenceOf(gitDir) {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING']) {
    try {
      const text = git(gitDir, 'show', `HEAD:${name}`).slice(0, 400);
      if (/Apache License/i.test(text)) return 'Apache-2.0';
      if (/GNU AFFERO/i.test(text)) return 'AGPL-3.0';
      if (/GNU GENERAL PUBLIC/i.test(text)) return 'GPL';
      if (/MIT License|Permission is hereby granted/i.test(text)) return 'MIT';
      if (/BSD/i.test(text)) return 'BSD';
      return 'see ' + name;
    } catch {
      /* next */
    }
  }
  return 'unknown';
}

let built = 0;
const absent = [];
for (const p of PROJECTS) {
  if (wanted.size && !wanted.has(p.project)) continue;
  const gitDir = path.join(mirror, p.repository.replace('/', '+'), 'repo');
  if (!fs.existsSync(gitDir)) {
    absent.push(`${p.project} (${p.repository}: no snapshot in ${mirror}; fetch github:${p.repository})`);
    continue;
  }
  const commit = git(gitDir, 'rev-parse', 'HEAD').trim();
  const listed = git(gitDir, 'ls-tree', '-r', '--name-only', 'HEAD', '--', p.dir + '/')
    .split('\n')
    .filter(Boolean)
    .map((f) => f.slice(p.dir.length + 1));
  const files = toolOrder(p.tool, listed);
  const folder = p.tool === 'prisma' ? 'prisma/migrations' : 'migrations';
  const order = files.map((f) => `${folder}/${f}`);
  const dest = path.join(out, p.project);
  fs.rmSync(dest, { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(dest, folder, f);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, gitBytes(gitDir, 'show', `HEAD:${p.dir}/${f}`));
  }
  const manifest = { project: p.project, repository: p.repository, commit, path: p.dir, tool: p.tool, licence: licenceOf(gitDir), order };
  fs.writeFileSync(path.join(dest, 'schemasense-history.json'), JSON.stringify(manifest, null, 1) + '\n');
  console.log(`${p.project}: ${order.length} ${p.tool} files from ${p.repository}@${commit.slice(0, 12)} (${manifest.licence})`);
  built++;
}
for (const a of absent) console.log(`absent: ${a}`);
console.log(`${built} histories in ${out}`);

#!/usr/bin/env node
/**
 * Bundles the extension for shipping: dist/server.js (language server), dist/client.js (VS Code
 * extension, `vscode` external), dist/cli.js (command line) and dist/pglite-worker.js (the embedded PostgreSQL's
 * thread), and copies libpg-query.wasm and PGlite's runtime files next to them.
 * The emscripten loader of @libpg-query/parser looks for the wasm in `__dirname` of the script that
 * contains it, which after bundling is dist/.
 *
 * Usage: node scripts/bundle.js [server|client|cli|pglite-worker ...]   (no argument: all of them)
 */
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

const entries = [
  { name: 'server', entry: 'server/src/lsp/main.ts', out: 'server.js' },
  { name: 'client', entry: 'client/src/extension.ts', out: 'client.js' },
  { name: 'cli', entry: 'server/src/cli/main.ts', out: 'cli.js' },
  // The thread that hosts the embedded PostgreSQL (PGlite) for Run Migration and the on-save verification.
  { name: 'pglite-worker', entry: 'server/src/run/pgliteWorker.ts', out: 'pglite-worker.js' },
];

const wasm = path.join(root, 'node_modules/@libpg-query/parser/wasm/libpg-query.wasm');
/** Prisma's schema parser reads its WASM from `__dirname`, which after bundling is dist/ too. */
const prismaWasm = path.join(root, 'node_modules/@prisma/prisma-schema-wasm/src/prisma_schema_build_bg.wasm');
/**
 * PGlite's runtime files: it loads pglite.wasm, pglite.data and initdb.wasm relative to `import.meta.url`,
 * which the banner below makes the bundle's own file, so they go next to the bundles in dist/; its contrib
 * extensions (`<name>.tar.gz`) too, where server/src/run/pgliteDatabase.ts looks for them.
 */
const pgliteDist = path.join(root, 'node_modules/@electric-sql/pglite/dist');
const pgliteFiles = () => fs.readdirSync(pgliteDist).filter((f) => /^(pglite\.wasm|pglite\.data|initdb\.wasm|.*\.tar\.gz)$/.test(f));

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !entries.some((e) => e.name === w));
  if (unknown.length) throw new Error(`unknown bundle ${unknown.join(', ')}; choose from ${entries.map((e) => e.name).join(', ')}`);
  const chosen = wanted.length ? entries.filter((e) => wanted.includes(e.name)) : entries;
  const missing = chosen.filter((e) => !fs.existsSync(path.join(root, e.entry)));
  if (missing.length) throw new Error(`missing entry point ${missing.map((e) => e.entry).join(', ')}`);

  fs.mkdirSync(dist, { recursive: true });
  const started = Date.now();
  // A code cache belongs to one build of its bundle (bin/loadBundle.js).
  for (const e of chosen) fs.rmSync(path.join(dist, `${e.out}.cache`), { force: true });
  await Promise.all(
    chosen.map((e) =>
      esbuild.build({
        absWorkingDir: root,
        entryPoints: [e.entry],
        outfile: path.join(dist, e.out),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
        // PGlite's ESM build finds its files from import.meta.url: make that the bundle's file URL.
        define: { 'import.meta.url': '__schemasenseImportMetaUrl' },
        banner: { js: "var __schemasenseImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
        sourcemap: true,
        logLevel: 'warning',
      }),
    ),
  );
  fs.copyFileSync(wasm, path.join(dist, 'libpg-query.wasm'));
  fs.copyFileSync(prismaWasm, path.join(dist, path.basename(prismaWasm)));
  for (const f of pgliteFiles()) fs.copyFileSync(path.join(pgliteDist, f), path.join(dist, f));
  if (chosen.some((e) => e.name === 'cli')) {
    finishCliBundle(path.join(dist, 'cli.js'));
    writeCliCodeCache();
  }
  console.log(`bundled ${chosen.map((e) => `dist/${e.out}`).join(', ')}, dist/libpg-query.wasm and PGlite's files in ${Date.now() - started} ms`);
}

/**
 * Finishes the CLI bundle: all ASCII, so that bin/loadBundle.js reads it as Latin-1 (a copy, where UTF-8 is
 * decoded: 3 ms of each start), then stamped with its build (server/src/cli/buildId.ts). esbuild writes
 * strings, identifiers and regular expressions in ASCII already (its `charset` default); what remains is in
 * comments, where an escape reads as well. The stamp's zeros become the SHA-256 of the bundle as it stands
 * (zeros in place) and of the parser's WASM, so that the replay cache never serves one build's catalogs to
 * another. Same length, so the source map stays true.
 */
function finishCliBundle(bundle) {
  const prefix = 'schemasense-build:';
  const zeros = '0'.repeat(64);
  const text = fs.readFileSync(bundle, 'utf8').replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
  const at = text.indexOf(prefix + zeros);
  if (at < 0 || text.indexOf(prefix + zeros, at + 1) >= 0) throw new Error(`${bundle} should hold the build stamp ${prefix}${zeros} once`);
  const hash = require('crypto').createHash('sha256').update(text).update(fs.readFileSync(path.join(dist, 'libpg-query.wasm')));
  const stamped = text.slice(0, at + prefix.length) + hash.digest('hex') + text.slice(at + prefix.length + zeros.length);
  fs.writeFileSync(bundle, stamped, 'latin1');
}

/**
 * dist/cli.js.cache: V8's code cache of the CLI bundle, written by one `check` of the sample project (so it
 * holds the functions a check compiles), read by bin/loadBundle.js. It serves the node that made it: under
 * another node V8 rejects it and the CLI compiles its bundle as without one.
 */
function writeCliCodeCache() {
  const run = require('child_process').spawnSync(process.execPath, [path.join(root, 'bin', 'schemasense.js'), 'check', '--schema-source', 'migrations'], {
    cwd: path.join(root, 'examples', 'sample-project'),
    env: { ...process.env, SCHEMASENSE_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  });
  // Exit status 1: the sample's migrations have errors, as they should. Without a cache the CLI only starts slower.
  if (run.status !== 0 && run.status !== 1) {
    fs.rmSync(path.join(dist, 'cli.js.cache'), { force: true });
    console.warn(`no code cache for dist/cli.js: the sample check ended with status ${run.status}: ${run.stderr}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

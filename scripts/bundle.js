#!/usr/bin/env node
/**
 * Bundles the extension for shipping: dist/server.js (language server), dist/client.js (VS Code
 * extension, `vscode` external) and dist/cli.js (command line), and copies libpg-query.wasm next to them.
 * The emscripten loader of @libpg-query/parser looks for the wasm in `__dirname` of the script that
 * contains it, which after bundling is dist/.
 *
 * Usage: node scripts/bundle.js [server|client|cli ...]   (no argument: all of them)
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
];

const wasm = path.join(root, 'node_modules/@libpg-query/parser/wasm/libpg-query.wasm');

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !entries.some((e) => e.name === w));
  if (unknown.length) throw new Error(`unknown bundle ${unknown.join(', ')}; choose from ${entries.map((e) => e.name).join(', ')}`);
  const chosen = wanted.length ? entries.filter((e) => wanted.includes(e.name)) : entries;
  const missing = chosen.filter((e) => !fs.existsSync(path.join(root, e.entry)));
  if (missing.length) throw new Error(`missing entry point ${missing.map((e) => e.entry).join(', ')}`);

  fs.mkdirSync(dist, { recursive: true });
  const started = Date.now();
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
        sourcemap: true,
        logLevel: 'warning',
      }),
    ),
  );
  fs.copyFileSync(wasm, path.join(dist, 'libpg-query.wasm'));
  console.log(`bundled ${chosen.map((e) => `dist/${e.out}`).join(', ')} and dist/libpg-query.wasm in ${Date.now() - started} ms`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

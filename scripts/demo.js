#!/usr/bin/env node
/**
 * `npm start`: the product in a real VS Code. Packages the extension (scripts/package.js), installs the
 * .vsix into a private code-server on 127.0.0.1 opened on a fresh copy of examples/sample-project, prints
 * the URL and serves until Ctrl+C. code-server, its cache and the .vsix live in .test-tmp/demo; the copy of the
 * sample goes to a folder of the system's temp directory, outside the clone (inside it, Git's "a repository
 * was found in the parent folders" toast showed in every window), and is reset on every start.
 *
 * Needs the build (`npm start` runs it first) and code-server: `scripts/install-editor-deps.sh` once.
 * Usage: npm start [-- --port N]   (default: a free port)
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const demo = path.join(root, '.test-tmp/demo');
// The code-server launcher the editor tests use (compiled by `npm run build`).
const launcher = path.join(root, 'out/test/e2e/support/codeServer.js');

function parsePort(argv) {
  if (argv.length === 0) return undefined;
  if (argv.length === 2 && argv[0] === '--port' && /^\d+$/.test(argv[1])) return Number(argv[1]);
  throw new Error('usage: npm start [-- --port N]');
}

async function main() {
  const port = parsePort(process.argv.slice(2));
  if (!fs.existsSync(launcher)) throw new Error(`${path.relative(root, launcher)} is missing: run \`npm run build\` (npm start does)`);
  const { startCodeServer } = require(launcher);

  fs.rmSync(demo, { recursive: true, force: true });
  const vsix = path.join(demo, 'schemasense.vsix');
  const packaged = spawnSync(process.execPath, [path.join(__dirname, 'package.js'), '--out', vsix], { cwd: root, stdio: 'inherit' });
  if (packaged.status !== 0) throw new Error('packaging the extension failed');

  const outside = path.join(os.tmpdir(), `schemasense-demo-${process.getuid?.() ?? 'user'}`);
  fs.rmSync(outside, { recursive: true, force: true });
  const folder = path.join(outside, 'sample-project');
  fs.cpSync(path.join(root, 'examples/sample-project'), folder, { recursive: true });
  // The embedded database goes to the cache folder: keep the demo's with the demo.
  const server = await startCodeServer({ dir: path.join(demo, 'code-server'), vsix, folder, port, env: { XDG_CACHE_HOME: path.join(demo, 'cache') } });

  console.log(`\nSchemaSense in VS Code (code-server) on ${folder} (a copy of examples/sample-project):\n\n  ${server.url}/\n`);
  console.log('Open database/migrations/015_add_credits_to_customer_stats.sql. Ctrl+C stops the server;');
  console.log('to run the tests meanwhile, use a second terminal (bash .ci/run).');
  const stop = () => server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

#!/usr/bin/env node
/**
 * Packages the extension as a .vsix with @vscode/vsce, from the esbuild bundles in dist/ (`npm run package`
 * builds them first). No node_modules go in: the bundles carry their dependencies, and .vscodeignore keeps
 * the rest out. README links stay relative: the images ship in the .vsix, so the Extensions view shows them
 * offline.
 *
 * Usage: node scripts/package.js [--out FILE]   (default: schemasense-<version>.vsix in the repository root)
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const required = ['dist/client.js', 'dist/server.js', 'dist/libpg-query.wasm'];

function parseArgs(argv) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  let out = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node scripts/package.js [--out FILE]`);
  }
  return out;
}

async function main() {
  const out = parseArgs(process.argv.slice(2));
  const missing = required.filter((f) => !fs.existsSync(path.join(root, f)));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first (or \`npm run package\`)`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const { createVSIX } = require('@vscode/vsce');
  await createVSIX({
    cwd: root,
    packagePath: out,
    dependencies: false,
    allowMissingRepository: true,
    skipLicense: true,
    rewriteRelativeLinks: false,
  });
  console.log(`${out}: ${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

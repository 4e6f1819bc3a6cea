#!/usr/bin/env node
'use strict';
const v8 = require('v8');
// A CLI run is short: V8's optimizing compiler (TurboFan, on background threads) costs it more CPU than the
// optimized code saves, unless a function is really hot. Ten times the default budget before a function is
// optimized: about 30% less CPU for `check` of 5,000 lines, and less on 50,000 too (issue 17). The language
// server, which runs for hours, keeps V8's default.
v8.setFlagsFromString('--interrupt-budget=675840');
// Both set when the parser loads anyway (server/src/analysis/parser/pgParser.ts); set first here so that the code
// cache of the bundle is made and read under the same V8 flags (V8 rejects a cache made under others).
v8.setFlagsFromString('--liftoff-only');
v8.setFlagsFromString('--wasm-lazy-validation');
// The `schemasense` CLI: the esbuild bundle of server/src/cli/main.ts (built by `npm run build`).
require('./loadBundle').loadBundle(require('path').join(__dirname, '..', 'dist', 'cli.js')).run(process.argv.slice(2));

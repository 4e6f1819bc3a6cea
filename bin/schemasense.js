#!/usr/bin/env node
'use strict';
// The `schemasense` CLI: the esbuild bundle of server/src/cli/main.ts (built by `npm run build`).
require('../dist/cli.js').run(process.argv.slice(2));

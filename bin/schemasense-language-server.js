#!/usr/bin/env node
'use strict';
// The language server over stdio (`schemasense-language-server --stdio`): the esbuild bundle dist/server.js,
// which starts the server when loaded.
require('../dist/server.js');

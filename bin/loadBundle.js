'use strict';
/**
 * Loads a bundle of dist/ as `require` would, with V8's code cache of it (`<bundle>.cache`) when dist/ holds
 * one: V8 then neither parses nor compiles again the functions the cache holds, about a fifth of a `check`
 * start-up (issue 17). scripts/bundle.js makes dist/cli.js.cache by running the CLI once on the sample
 * project with SCHEMASENSE_WRITE_CODE_CACHE=1 (the cache is written when that process exits, so it holds
 * what a check compiled). A cache made by another node or under other V8 flags is rejected by V8 itself,
 * and the bundle is compiled as if there were none; nothing is written otherwise.
 */
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

exports.loadBundle = function loadBundle(file) {
  const cacheFile = `${file}.cache`;
  // V8 checks a cache's node, flags and the source's length, not its text: a cache older than the bundle
  // (scripts/bundle.js removes it before bundling) is never offered.
  let cachedData;
  try {
    if (fs.statSync(cacheFile).mtimeMs >= fs.statSync(file).mtimeMs) cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // scripts/bundle.js writes the CLI bundle in ASCII: read as Latin-1, its text is copied, not decoded.
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (process.env.SCHEMASENSE_WRITE_CODE_CACHE === '1') process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  bundle.loaded = true;
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
  return bundle.exports;
};

/**
 * Which build of SchemaSense runs: the replay cache (project/replayCache.ts) keeps catalogs for one build
 * only. scripts/bundle.js stamps the CLI bundle after esbuild writes it, replacing the zeros below with the
 * SHA-256 of the bundle as written (zeros in place) and of the parser's WASM beside it: any other code or
 * parser is another build. Nothing is read or digested at run time (loading node's crypto module alone is a
 * percent of a `check`). Unbundled (the compiled tests run the sources) the zeros stay, and there is no build
 * to key a cache by.
 */
const STAMP = 'schemasense-build:0000000000000000000000000000000000000000000000000000000000000000';

/** The stamped build's digest (64 hex digits); undefined when not run from a stamped bundle. */
export function buildId(): string | undefined {
  const id = STAMP.slice(STAMP.indexOf(':') + 1);
  return /^0+$/.test(id) ? undefined : id;
}

/**
 * The analysis core in a worker thread, so that the fuzzer can stop an input that never returns (a
 * synchronous loop cannot be interrupted from its own thread). Builds the catalog once, then answers
 * each `{ text }` with `{ ok: true }` or what went wrong.
 */
import { parentPort, workerData } from 'worker_threads';
import { analyzeDocument, buildHistory, emptyCatalog, loadParser, type MigrationFile, type Problem } from '../../server/src/analysis';
import { describeError } from './outcome';

/** A problem's code: a SQLSTATE, or the id of a safety rule or note (`not-checked`, `create-index-concurrently`). */
const CODE = /^(?:[0-9A-Z]{5}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/;

/** What a caller may rely on in any problem: a span inside the text, a code, a message. */
function invalidProblem(problems: Problem[], text: string): string | undefined {
  const bad = problems.find(
    (p) => !(p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= text.length && CODE.test(p.code) && p.message),
  );
  return bad && `problem outside the text or malformed: ${JSON.stringify(bad)} (text length ${text.length})`;
}

/**
 * What the core writes to stderr while it analyses. The core does no I/O, so anything there comes from
 * the WASM runtime: `Aborted(...)` when the parser hit an assertion, even if the core caught the throw.
 */
const stderr: string[] = [];
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  stderr.push(String(chunk));
  return write(chunk, ...rest);
}) as typeof process.stderr.write;

async function main(): Promise<void> {
  await loadParser();
  const catalog = buildHistory(workerData.catalogFiles as MigrationFile[], emptyCatalog()).catalogAfter;
  parentPort!.on('message', ({ text }: { text: string }) => {
    stderr.length = 0;
    try {
      const invalid = invalidProblem(analyzeDocument(text, catalog, 'fuzz.sql').problems, text);
      if (stderr.length) parentPort!.postMessage({ kind: 'crash', error: `the WASM runtime wrote to stderr (the core caught what it threw): ${stderr.join('')}` });
      else parentPort!.postMessage(invalid ? { kind: 'invalid-output', error: invalid } : { ok: true });
    } catch (e) {
      parentPort!.postMessage({ kind: 'crash', error: describeError(e) });
    }
  });
  parentPort!.postMessage({ ready: true });
}

void main();

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../postgres/parityFormat';
import type { FuzzInput } from './mutations';
import type { Failure } from './outcome';

/** Inputs that once crashed or hung a target; test/fuzz/regressions.test.ts replays each in the normal suite. */
export const REGRESSIONS = path.join(repoRoot(), 'test', 'fixtures', 'fuzz-regressions');

export interface Regression extends Failure {
  target: 'core' | 'server';
  /** The bug it shows, without the input's particulars: one file per bug, not per input. */
  signature: string;
  /** `seed` and `index` regenerate the input with the InputStream that found it. */
  seed: number;
  index: number;
  mutations: string[];
  original: string;
  /** The input itself (JSON keeps NUL and lone surrogates intact). */
  input: string;
}

export function signatureOf(failure: Failure): string {
  const lines = failure.error.split('\n');
  const frame = lines.find((l) => /^\s+at /.test(l) && /server[\\/]src|dist[\\/]/.test(l)) ?? '';
  const general = (s: string) => s.replace(/"[^"]*"|'[^']*'|\/\S+|\d+/g, '…').trim();
  return `${failure.kind}: ${general(lines[0]).slice(0, 200)} ${general(frame)}`.trim();
}

export function loadRegressions(): { file: string; regression: Regression }[] {
  if (!fs.existsSync(REGRESSIONS)) return [];
  return fs
    .readdirSync(REGRESSIONS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, regression: JSON.parse(fs.readFileSync(path.join(REGRESSIONS, f), 'utf8')) as Regression }));
}

/** Saves the failure unless a regression of the same target and signature is already saved; returns its file. */
export function saveRegression(target: Regression['target'], seed: number, input: FuzzInput, failure: Failure): string {
  const signature = signatureOf(failure);
  const known = loadRegressions().find((r) => r.regression.target === target && r.regression.signature === signature);
  if (known) return path.join(REGRESSIONS, known.file);
  const file = path.join(REGRESSIONS, `${target}-${failure.kind}-${createHash('sha1').update(input.text).digest('hex').slice(0, 12)}.json`);
  const regression: Regression = { target, ...failure, signature, seed, index: input.index, mutations: input.mutations, original: input.original, input: input.text };
  fs.mkdirSync(REGRESSIONS, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(regression, null, 2) + '\n');
  return file;
}

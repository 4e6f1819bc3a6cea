/**
 * The real `schemasense` executable (bin/schemasense.js → dist/cli.js) and language server (dist/server.js),
 * with dist/pglite-worker.js and PGlite's files; the bundles are rebuilt first when a server source is newer.
 */
import * as assert from 'assert';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repo } from './support';

const bin = path.join(repo, 'bin/schemasense.js');
const bundles = ['dist/cli.js', 'dist/server.js', 'dist/pglite-worker.js', 'dist/pglite.data'].map((f) => path.join(repo, f));

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureBundles(): void {
  const built = Math.min(...bundles.map((b) => (fs.existsSync(b) ? fs.statSync(b).mtimeMs : 0)));
  if (built >= newestSource(path.join(repo, 'server/src'))) return;
  const r = spawnSync(process.execPath, [path.join(repo, 'scripts/bundle.js'), 'cli', 'server', 'pglite-worker'], { cwd: repo, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `bundling failed:\n${r.stdout}${r.stderr}`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `schemasense ...`; `done` resolves when it exits. */
export function startCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => CliRun; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const output = () => ({ status: child.exitCode, stdout, stderr });
  const done = new Promise<CliRun>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, output, done };
}

export function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return startCli(cwd, args, env).done;
}

/** A temporary project: `files` by relative path. */
export function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-run-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/**
 * The differential edit harness over stdio, with real timing: the bundled server gets seeded edit sequences
 * as a person types them (a key every few milliseconds, pauses longer than any quiet period at random
 * places, deletions, pastes, moves, whole-document changes, undo/redo), in a migration with a history before
 * it, in a plain SQL file, and in an earlier migration while a later one is open. After each pause the
 * published diagnostics, and completion and hover at sample positions, must equal a fresh check of the same
 * text: a new `Workspace` opened on the same folder in this process, with the same overlays.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CompletionList, Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { loadParser } from '../../server/src/analysis';
import { Workspace } from '../../server/src/project/workspace';
import { LineIndex } from '../../server/src/project/textPositions';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { completionList, hoverAt } from '../../server/src/lsp/languageFeatures';
import { edit, ServerProcess } from '../lsp/serverProcess';
import { TEAMS_HISTORY } from './bases';
import { applyChanges, editScript, pausedTexts, Random, type EditStep } from './edits';
import { sampleOffsets } from './differential';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Project {
  root: string;
  early: string;
  later: string;
  plain: string;
}

function project(): Project {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-edits-'));
  fs.mkdirSync(path.join(root, 'migrations'), { recursive: true });
  fs.mkdirSync(path.join(root, 'queries'), { recursive: true });
  const p = { root, early: path.join(root, 'migrations', '001_init.sql'), later: path.join(root, 'migrations', '002_new.sql'), plain: path.join(root, 'queries', 'report.sql') };
  fs.writeFileSync(p.early, TEAMS_HISTORY);
  fs.writeFileSync(p.later, '');
  fs.writeFileSync(p.plain, '');
  return p;
}

/** What a fresh check of the folder says for `file`, with `overlays` as the open documents' texts. */
async function freshCheck(root: string, overlays: Map<string, string>, file: string, positions: number[]) {
  const ws = await Workspace.open({ root });
  for (const [p, text] of overlays) ws.setOverlay(p, text);
  const text = overlays.get(file)!;
  const lines = new LineIndex(text);
  const diagnostics = ws.check(file, text).map((p) => toDiagnostic(p, lines));
  const analysis = ws.analyze(file, text);
  const features = positions.map((o) => {
    const position = lines.positionAt(o);
    return { completion: completionList(analysis, text, position), hover: hoverAt(analysis, text, position) };
  });
  return { diagnostics, features };
}

const shown = (ds: readonly Diagnostic[]) =>
  ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character} ${d.message}`).join(' | ') || 'none';

interface Drive {
  server: ServerProcess;
  p: Project;
  file: string;
  /** The other open document whose diagnostics depend on `file` (a later migration), if any. */
  watcher?: string;
  initial: string;
  steps: EditStep[];
  seed: number;
}

/** Runs one script; returns the number of quiet periods compared and the mismatches found. */
async function drive({ server, p, file, watcher, initial, steps, seed }: Drive): Promise<{ compared: number; mismatches: string[] }> {
  const rng = new Random(seed ^ 0x5eed);
  const overlays = new Map<string, string>();
  const open = new Map<string, number>();
  const openDoc = (f: string, text: string) => {
    server.open(f, text, 1);
    overlays.set(f, text);
    open.set(f, 1);
  };
  const start = server.mark();
  if (watcher) openDoc(watcher, 'select t.nam, m.role from teams t join team_members m on m.team_id = t.id;\n');
  openDoc(file, initial);
  let text = initial;
  let version = 1;
  let compared = 0;
  const mismatches: string[] = [];
  for (const [n, step] of steps.entries()) {
    const before = text;
    text = applyChanges(text, step.changes);
    // Each range is sent as LSP positions in the text as it is when that range applies.
    let running = before;
    const changes = step.changes.map((c) => {
      const e = edit(running, c.start, c.end, c.text);
      running = applyChanges(running, [c]);
      return e;
    });
    const sentAt = Date.now();
    const mark = server.change(file, ++version, changes);
    overlays.set(file, text);
    if (!step.pause) {
      await sleep(rng.int(25));
      continue;
    }
    // A person pausing: longer than the server's quiet period, sometimes much longer.
    await sleep(rng.pick([30, 60, 150, 400]));
    const v = version;
    const got = await server.diagnostics(file, { after: mark, where: (d) => d.version === v, timeoutMs: 20_000 });
    const positions = sampleOffsets(text, 2);
    const expected = await freshCheck(p.root, overlays, file, positions);
    compared++;
    if (shown(got.diagnostics) !== shown(expected.diagnostics)) {
      mismatches.push(`seed ${seed} step ${n} (${step.kind}) ${path.basename(file)}: published ${shown(got.diagnostics)}; fresh check ${shown(expected.diagnostics)}\n  text: ${JSON.stringify(text)}\n  paused texts: ${JSON.stringify(pausedTexts(initial, steps.slice(0, n + 1)))}`);
    }
    const lines = new LineIndex(text);
    for (const [k, o] of positions.entries()) {
      const position = lines.positionAt(o);
      const uri = `file://${file}`;
      const completion = await server.connection.sendRequest<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
      const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
      const a = JSON.stringify({ completion, hover });
      const b = JSON.stringify(expected.features[k]);
      if (a !== b) mismatches.push(`seed ${seed} step ${n} ${path.basename(file)}: completion/hover at ${o} differ\n  server: ${a.slice(0, 300)}\n  fresh:  ${b.slice(0, 300)}\n  text: ${JSON.stringify(text)}`);
    }
    if (watcher) {
      // The later migration is checked again after the edit of the earlier one (a longer quiet period).
      let published: PublishDiagnosticsParams | undefined;
      for (let waited = 0; !published && waited < 20_000; waited += 50) {
        published = server.timeline(watcher, start).filter((t) => t.at >= sentAt + 250).at(-1)?.params;
        if (!published) await sleep(50);
      }
      if (!published) throw new Error(`no diagnostics for ${watcher} after editing ${file}`);
      const fresh = await freshCheck(p.root, overlays, watcher, []);
      if (shown(published.diagnostics) !== shown(fresh.diagnostics)) {
        mismatches.push(`seed ${seed} step ${n} ${path.basename(watcher)} after editing ${path.basename(file)}: published ${shown(published.diagnostics)}; fresh ${shown(fresh.diagnostics)}`);
      }
    }
  }
  for (const f of open.keys()) server.close(f);
  return { compared, mismatches };
}

describe('the language server shows what a fresh check says, after any edits (stdio, real timing)', function () {
  this.timeout(900_000);
  let p: Project;
  let server: ServerProcess;

  before(async () => {
    await loadParser();
    p = project();
    server = await ServerProcess.start({ folders: [p.root] });
  });
  after(async () => {
    await server?.stop();
    if (p) fs.rmSync(p.root, { recursive: true, force: true });
  });

  it('typing `select t.nam from teams t;` with a 400 ms pause at each of three points ends as a fresh check says', async () => {
    const target = 'select t.nam from teams t;';
    for (const pauseAfter of ['select ', 'select t.', 'select t.nam from ']) {
      const steps: EditStep[] = [];
      let text = '';
      for (const c of target) {
        steps.push({ changes: [{ start: text.length, end: text.length, text: c }], pause: text + c === pauseAfter, kind: 'type' });
        text += c;
      }
      steps[steps.length - 1].pause = true;
      // The pause here is the harness's own (30–400 ms); the 400 ms case is among them.
      const { mismatches } = await drive({ server, p, file: p.later, initial: '', steps, seed: pauseAfter.length });
      assert.deepStrictEqual(mismatches, []);
      // ... which is Postgres's answer: one 42703 on `t.nam`, nothing else.
      const last = server.published(p.later).at(-1)!;
      assert.deepStrictEqual(last.diagnostics.map((d) => [d.code, String(d.message).split('\n')[0], d.range.start.character, d.range.end.character]), [['42703', 'column t.nam does not exist', 7, 12]]);
    }
  });

  it('2,000 seeded edit steps in a migration, a plain SQL file and an earlier migration: no mismatch', async () => {
    let steps = 0;
    let compared = 0;
    const mismatches: string[] = [];
    const runs: { file: string; watcher?: string; initial: string; steps: number }[] = [
      { file: p.later, initial: '', steps: 900 },
      { file: p.plain, initial: 'select t.id from teams t;\n', steps: 700 },
      { file: p.early, watcher: p.later, initial: TEAMS_HISTORY, steps: 400 },
    ];
    for (const [k, run] of runs.entries()) {
      const script = editScript(100 + k, run.initial, { steps: run.steps, pauseChance: 0.08 });
      steps += script.length;
      const result = await drive({ server, p, file: run.file, watcher: run.watcher, initial: run.initial, steps: script, seed: 100 + k });
      compared += result.compared;
      mismatches.push(...result.mismatches);
      if (run.file === p.early) fs.writeFileSync(p.early, TEAMS_HISTORY);
    }
    console.log(`      ${steps} edit steps over stdio, ${compared} quiet periods compared, ${mismatches.length} mismatches`);
    assert.ok(steps >= 2000);
    assert.deepStrictEqual(mismatches, []);
  });
});

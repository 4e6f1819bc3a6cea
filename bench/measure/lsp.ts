import * as fs from 'fs';
import { performance } from 'perf_hooks';
import type { ClientCapabilities, CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { edit, ServerProcess, uriOf } from '../../test/lsp/serverProcess';
import type { BenchProject } from '../workloads/project';
import { summarize, type Figure } from '../figures';

/** How often each figure of one server session is taken. */
export interface LspPlan {
  /** Each open uses another variant of the file (same shape, other statements), so no cache of an earlier open helps. */
  opens: number;
  changesPerOpen: number;
  /** Completion and hover requests, on the last file opened; 0 to skip. */
  queries: number;
}

export interface LspRuns {
  open: number[];
  change: number[];
  completion: number[] | { na: string };
  hover: number[] | { na: string };
  /** Peak resident memory of the server's processes, in MB. */
  peakRssMb: number | { na: string };
  /** The other language features, by request (document symbols, references, formatting, ...), on the same file. */
  features?: Record<string, number[] | { na: string }>;
}

/**
 * The language features timed after completion and hover, on the same file and table name: the method, the
 * capability that announces it, and its parameters (`at`: the table name in FROM; `call`: inside `count(`; `alias`: the table's alias).
 */
const FEATURES: { label: string; method: string; capability: string; params: (at: Position, call: Position | undefined, alias: Position) => object | undefined }[] = [
  { label: 'Document symbols', method: 'textDocument/documentSymbol', capability: 'documentSymbolProvider', params: () => ({}) },
  { label: 'References of a table', method: 'textDocument/references', capability: 'referencesProvider', params: (at) => ({ position: at, context: { includeDeclaration: true } }) },
  { label: 'Document highlight', method: 'textDocument/documentHighlight', capability: 'documentHighlightProvider', params: (at) => ({ position: at }) },
  { label: 'Folding ranges', method: 'textDocument/foldingRange', capability: 'foldingRangeProvider', params: () => ({}) },
  { label: 'Formatting', method: 'textDocument/formatting', capability: 'documentFormattingProvider', params: () => ({ options: { tabSize: 2, insertSpaces: true } }) },
  { label: 'Signature help in count(', method: 'textDocument/signatureHelp', capability: 'signatureHelpProvider', params: (_, call) => call && { position: call } },
  { label: 'Semantic tokens', method: 'textDocument/semanticTokens/full', capability: 'semanticTokensProvider', params: () => ({}) },
  { label: 'Selection ranges', method: 'textDocument/selectionRange', capability: 'selectionRangeProvider', params: (at) => ({ positions: [at] }) },
  { label: 'Rename (prepare) of an alias', method: 'textDocument/prepareRename', capability: 'renameProvider', params: (_, __, alias) => ({ position: alias }) },
  { label: 'Inlay hints', method: 'textDocument/inlayHint', capability: 'inlayHintProvider', params: (at) => ({ range: { start: { line: 0, character: 0 }, end: { line: at.line + 200, character: 0 } } }) },
  { label: 'Code lens', method: 'textDocument/codeLens', capability: 'codeLensProvider', params: () => ({}) },
];

interface Position {
  line: number;
  character: number;
}

/** A server publishes in passes (e.g. syntax, then types): a figure ends at the last publication, once it stays quiet this long. */
const QUIET_MS = 400;
const TIMEOUT_MS = 300_000;

const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Figures 2, 3 and 5 for one server (`command` undefined: ours, `node dist/server.js --stdio`) on one
 * project, as an editor drives it over stdio: the time from didOpen, and from a one-character didChange,
 * to the diagnostics of that version; completion and hover latency; the server's peak RSS at the end.
 * A small file is opened first, so that loading the schema is not counted in the first open.
 */
export async function measureServer(command: string[] | undefined, project: BenchProject, lines: number, plan: LspPlan): Promise<LspRuns> {
  const server = await ServerProcess.start({ folders: [project.dir], command, capabilities: CAPABILITIES });
  try {
    await settled(server, project.warmup, server.open(project.warmup, fs.readFileSync(project.warmup, 'utf8')), 1);
    const runs: LspRuns = { open: [], change: [], completion: { na: 'not measured' }, hover: { na: 'not measured' }, peakRssMb: { na: 'not measured' } };
    const files = project.files(lines);
    for (let i = 0; i < plan.opens; i++) {
      const file = files[i % files.length];
      let text = fs.readFileSync(file, 'utf8');
      const opened = Date.now();
      runs.open.push((await settled(server, file, server.open(file, text), 1)) - opened);

      // Type a character into a column name in the middle of the file, then take it out again.
      const at = text.indexOf('WHERE a.deleted_at IS NULL AND a.', text.length / 2) + 'WHERE a.deleted_at IS NULL AND a.'.length;
      let version = 1;
      for (let k = 0; k < plan.changesPerOpen; k++) {
        const change = k % 2 === 0 ? edit(text, at, at, 'x') : edit(text, at, at + 1, '');
        text = k % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
        const changed = Date.now();
        runs.change.push((await settled(server, file, server.change(file, ++version, [change]), version)) - changed);
      }
      if (i === plan.opens - 1 && plan.queries > 0) Object.assign(runs, await measureQueries(server, file, text, ++version, plan.queries));
      server.close(file);
    }
    runs.peakRssMb = peakRssMb(server.child.pid!);
    return runs;
  } finally {
    await server.stop();
  }
}

/**
 * Figure 3: completion after `a.` in a half-typed statement inserted in the middle of the file (the
 * server has published for it first), and hover on a table name in the view after it.
 */
async function measureQueries(server: ServerProcess, file: string, text: string, version: number, count: number) {
  const caps = server.initializeResult?.capabilities ?? {};
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
  const line = lineStarts.findIndex((start) => start >= text.length / 2 && text.startsWith('\n', start));
  const table = /^FROM (\S+) a$/m.exec(text.slice(lineStarts[line]))!;
  const typed = `SELECT a.id, a. FROM ${table[1]} a;`;
  await settled(server, file, server.change(file, version, [edit(text, lineStarts[line], lineStarts[line], typed)]), version);
  const after = text.slice(0, lineStarts[line]) + typed + text.slice(lineStarts[line]);
  const fromLine = after.slice(0, lineStarts[line] + typed.length + table.index).split('\n').length - 1;

  const textDocument = { uri: uriOf(file) };
  const time = async (method: string, params: object, answered: (result: unknown) => boolean) => {
    const runs: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const result = await server.connection.sendRequest(method, params);
      runs.push(performance.now() - started);
      if (!answered(result)) return { na: `no answer to ${method} (${JSON.stringify(result)?.slice(0, 80)})` };
    }
    return runs;
  };
  const features: Record<string, number[] | { na: string }> = {};
  const lines = after.split('\n');
  const callLine = lines.findIndex((l) => l.includes('count('));
  const call = callLine >= 0 ? { line: callLine, character: lines[callLine].indexOf('count(') + 'count('.length } : undefined;
  const at = { line: fromLine, character: 'FROM '.length + 1 };
  for (const f of FEATURES) {
    const params = f.params(at, call, { line: fromLine, character: 'FROM '.length + table[1].length + 1 });
    if (!(caps as Record<string, unknown>)[f.capability]) features[f.label] = { na: `no ${f.capability}` };
    else if (!params) features[f.label] = { na: 'nothing to ask in this workload' };
    else features[f.label] = await timeAny(f.method, { textDocument, ...params });
    // The first references request of a session is its own figure: the history's names are indexed before it.
    const runs = features[f.label];
    if (f.method === 'textDocument/references' && Array.isArray(runs)) features[`${f.label}, first request of the session`] = runs.slice(0, 1);
  }
  const items = (r: unknown) => ((Array.isArray(r) ? r : (r as CompletionList | null)?.items) ?? []) as CompletionItem[];
  /** Any answer counts (null included: a refused prepareRename or no signature is an answer); an error is none. */
  async function timeAny(method: string, params: object): Promise<number[] | { na: string }> {
    const runs: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      try {
        await server.connection.sendRequest(method, params);
      } catch (e) {
        if (method !== 'textDocument/prepareRename') return { na: `${method} failed: ${(e as Error).message.slice(0, 80)}` };
      }
      runs.push(performance.now() - started);
    }
    return runs;
  }
  return {
    features,
    completion: caps.completionProvider
      ? await time('textDocument/completion', { textDocument, position: { line, character: 'SELECT a.id, a.'.length } }, (r) => items(r).length > 0)
      : { na: 'no completionProvider' },
    hover: caps.hoverProvider
      ? await time('textDocument/hover', { textDocument, position: { line: fromLine, character: 'FROM '.length + 1 } }, (r) => !!(r as Hover | null)?.contents)
      : { na: 'no hoverProvider' },
  };
}

/** Waits for the diagnostics of `version` (or later) of `file`, then for quiet; returns when the last publication arrived. */
export async function settled(server: ServerProcess, file: string, after: number, version: number): Promise<number> {
  await server.diagnostics(file, { after, timeoutMs: TIMEOUT_MS, where: (p) => p.version === undefined || p.version >= version });
  for (;;) {
    const timeline = server.timeline(file, after);
    const quiet = Date.now() - timeline[timeline.length - 1].at;
    if (quiet >= QUIET_MS) return timeline[timeline.length - 1].at;
    await sleep(QUIET_MS - quiet);
  }
}

/** Peak RSS (VmHWM) of a process plus its descendants: the peer's `lsp-proxy` runs its server as a child. */
export function peakRssMb(pid: number): number | { na: string } {
  if (process.platform !== 'linux') return { na: `no /proc on ${process.platform}` };
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      // `pid (comm) state ppid ...`: comm may hold spaces, so read after its closing parenthesis.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  const kb = tree.reduce((sum, p) => {
    try {
      return sum + Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return sum;
    }
  }, 0);
  return kb / 1024;
}

/** Figures 2, 3 and 5 of one server session per tool, ours next to the peer's. */
export function lspFigures(tables: number, lines: number, queries: boolean, ours: LspRuns, peer: LspRuns): Figure[] {
  const workload = `${lines.toLocaleString('en-US')} lines, ${tables.toLocaleString('en-US')} tables`;
  const measured = (runs: number[] | { na: string }) => (Array.isArray(runs) ? summarize(runs) : runs);
  const figures: Figure[] = [
    { section: '2. Server: didOpen → diagnostics', workload, unit: 'ms', ours: measured(ours.open), peer: measured(peer.open) },
    { section: '2. Server: one-character didChange → diagnostics', workload, unit: 'ms', ours: measured(ours.change), peer: measured(peer.change) },
  ];
  if (queries) {
    figures.push(
      { section: '3. Completion after `a.`', workload, unit: 'ms', ours: measured(ours.completion), peer: measured(peer.completion) },
      { section: '3. Hover on a table name', workload, unit: 'ms', ours: measured(ours.hover), peer: measured(peer.hover) },
    );
  }
  if (queries) {
    for (const label of Object.keys(ours.features ?? {})) {
      figures.push({ section: `3. ${label}`, workload, unit: 'ms', ours: measured(ours.features![label]), peer: measured(peer.features?.[label] ?? { na: 'not measured' }) });
    }
  }
  const rss = (r: LspRuns) => (typeof r.peakRssMb === 'number' ? summarize([r.peakRssMb]) : r.peakRssMb);
  figures.push({ section: '5. Server peak RSS', workload, unit: 'MB', ours: rss(ours), peer: rss(peer) });
  return figures;
}

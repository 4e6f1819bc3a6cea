import { randomBytes } from 'crypto';
import { commands, env, Range, Uri, ViewColumn, window, workspace, type ExtensionContext, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SCHEMA_CHANGED_NOTIFICATION,
  SCHEMA_DIAGRAM_REQUEST,
  type SchemaChangedParams,
  type SchemaDiagramParams,
  type SchemaDiagramResult,
  type SchemaMoment,
} from '../../../server/src/lsp/schemaViewProtocol';
import { onServerNotification } from '../notifications';

export const SHOW_ER_DIAGRAM = 'schemasense.showErDiagram';

/** What the webview's script sends back. */
type FromWebview = { type: 'open'; table: string } | { type: 'asOf'; migration: string; moment: SchemaMoment } | { type: 'copyMermaid' };

/**
 * "SchemaSense: Show ER Diagram": a webview of the schema as of a migration (the active one by default, any
 * other picked in the webview, just before or just after it), drawn by the server (features/schemaView's SVG,
 * laid out by dagre) with the tables the migration names or changes highlighted; pan (drag) and zoom (wheel,
 * buttons), a click on a table opens its definition. Nothing is loaded from the network: the SVG and a small
 * script are inline, under a Content-Security-Policy that allows only them (a nonce) and nothing remote.
 */
export function registerErDiagram(context: ExtensionContext, client: LanguageClient): void {
  let panel: WebviewPanel | undefined;
  let shown: { params: SchemaDiagramParams; result: SchemaDiagramResult } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const render = async (params: SchemaDiagramParams) => {
    const result = await client.sendRequest<SchemaDiagramResult | null>(SCHEMA_DIAGRAM_REQUEST, params);
    if (!result) return void window.showWarningMessage('SchemaSense: no schema to draw here (open a file of a workspace folder).');
    shown = { params, result };
    if (!panel) {
      panel = window.createWebviewPanel('schemasense.erDiagram', 'ER Diagram', { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        // Nothing from disk either: everything is in the page.
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      panel.onDidDispose(() => {
        panel = undefined;
        shown = undefined;
      });
      panel.webview.onDidReceiveMessage((m: FromWebview) => void onMessage(m));
    }
    panel.title = `ER Diagram: ${result.title}`;
    panel.webview.html = page(result);
  };

  const onMessage = async (m: FromWebview) => {
    if (!shown) return;
    if (m.type === 'open') {
      const at = shown.result.locations[m.table];
      if (!at) return;
      const { start, end } = at.range;
      await window.showTextDocument(Uri.parse(at.uri), { selection: new Range(start.line, start.character, end.line, end.character), viewColumn: ViewColumn.One });
    } else if (m.type === 'asOf') {
      await render({ uri: shown.params.uri, ...(m.migration ? { migration: m.migration } : {}), moment: m.moment === 'after' ? 'after' : 'before' });
    } else if (m.type === 'copyMermaid') {
      await env.clipboard.writeText(shown.result.mermaid);
      void window.showInformationMessage('SchemaSense: the mermaid erDiagram is on the clipboard.');
    }
  };

  context.subscriptions.push(
    commands.registerCommand(SHOW_ER_DIAGRAM, async (uri?: Uri) => {
      const target = uri ?? window.activeTextEditor?.document.uri ?? workspace.workspaceFolders?.[0]?.uri;
      if (!target) return void window.showWarningMessage('SchemaSense: open a migration file (or a folder) first.');
      const isSql = (uri ? true : window.activeTextEditor?.document.languageId === 'sql') && target.path.endsWith('.sql');
      await render({ uri: target.toString(), ...(isSql ? { migration: target.toString() } : {}), moment: 'before' });
      panel?.reveal(undefined, true);
    }),
    onServerNotification(client, SCHEMA_CHANGED_NOTIFICATION, (p: SchemaChangedParams) => {
      if (!panel || !shown || !panel.visible) return;
      const a = workspace.getWorkspaceFolder(Uri.parse(shown.params.uri))?.uri.toString();
      if (a !== workspace.getWorkspaceFolder(Uri.parse(p.uri))?.uri.toString()) return;
      clearTimeout(timer);
      const params = shown.params;
      timer = setTimeout(() => void render(params).catch(() => undefined), 300);
    }),
    { dispose: () => clearTimeout(timer) },
  );
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The webview's page: the SVG inline, a picker of the migration and moment, and the pan/zoom script. */
export function page(result: SchemaDiagramResult): string {
  const nonce = randomBytes(16).toString('base64');
  const options = [
    `<option value=""${result.migration ? '' : ' selected'}>(the whole history)</option>`,
    ...result.migrations.map((m) => `<option value="${escapeHtml(m.uri)}"${m.uri === result.migration ? ' selected' : ''}>${escapeHtml(m.name)}</option>`),
  ].join('');
  const moments = (['before', 'after'] as const).map((m) => `<option value="${m}"${m === result.moment ? ' selected' : ''}>${m}</option>`).join('');
  const highlighted =
    (result.highlighted.length ? `highlighted: ${result.highlighted.map((t) => escapeHtml(t.replace(/^public\./, ''))).join(', ')}` : 'no table highlighted') +
    (result.drawn < result.total ? ` · ${result.drawn} of ${result.total} tables drawn: those the migration uses and their neighbours first` : '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ER Diagram</title>
<style nonce="${nonce}">
  html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
  body { display: flex; flex-direction: column; }
  header { flex: none; display: flex; gap: 8px; align-items: center; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border); flex-wrap: wrap; }
  header select, header button { font: inherit; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border); padding: 2px 6px; }
  header .note { opacity: 0.8; }
  #stage { flex: 1; position: relative; overflow: hidden; cursor: grab; background: #f7f7f7; }
  #stage.dragging { cursor: grabbing; }
  #canvas { transform-origin: 0 0; display: inline-block; }
  #canvas g.table { cursor: pointer; }
  #canvas g.table:hover rect { stroke-width: 2; }
</style>
</head>
<body>
<header>
  <label>As of <select id="migration" aria-label="Migration">${options}</select></label>
  <select id="moment" aria-label="Before or after the migration">${moments}</select>
  <button id="zoomIn" title="Zoom in">+</button><button id="zoomOut" title="Zoom out">−</button><button id="fit" title="Fit to the window">Fit</button>
  <button id="mermaid" title="Copy the mermaid erDiagram">Copy Mermaid</button>
  <span class="note" id="highlighted">${highlighted}</span>
</header>
<div id="stage"><div id="canvas">${result.svg}</div></div>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const stage = document.getElementById('stage');
  const canvas = document.getElementById('canvas');
  const svg = canvas.querySelector('svg');
  let scale = 1, x = 0, y = 0, fitted = true;
  const apply = () => { canvas.style.transform = 'translate(' + x + 'px,' + y + 'px) scale(' + scale + ')'; };
  const fit = () => {
    const w = svg ? svg.width.baseVal.value : 1, h = svg ? svg.height.baseVal.value : 1;
    scale = Math.min(1.5, Math.max(0.1, Math.min(stage.clientWidth / w, stage.clientHeight / h) * 0.95));
    x = (stage.clientWidth - w * scale) / 2; y = Math.max(0, (stage.clientHeight - h * scale) / 2);
    fitted = true;
    apply();
  };
  const zoom = (factor, cx, cy) => {
    const next = Math.min(4, Math.max(0.1, scale * factor));
    x = cx - (cx - x) * (next / scale); y = cy - (cy - y) * (next / scale); scale = next; fitted = false; apply();
  };
  stage.addEventListener('wheel', (e) => { e.preventDefault(); const r = stage.getBoundingClientRect(); zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - r.left, e.clientY - r.top); }, { passive: false });
  let drag = null, moved = false;
  stage.addEventListener('mousedown', (e) => { drag = { sx: e.clientX, sy: e.clientY, x, y }; moved = false; stage.classList.add('dragging'); });
  window.addEventListener('mousemove', (e) => { if (!drag) return; const dx = e.clientX - drag.sx, dy = e.clientY - drag.sy; if (Math.abs(dx) + Math.abs(dy) > 3) moved = true; x = drag.x + dx; y = drag.y + dy; fitted = false; apply(); });
  window.addEventListener('mouseup', () => { drag = null; stage.classList.remove('dragging'); });
  canvas.addEventListener('click', (e) => {
    if (moved) return;
    const g = e.target.closest && e.target.closest('g.table');
    if (g) vscode.postMessage({ type: 'open', table: g.getAttribute('data-table') });
  });
  const asOf = () => vscode.postMessage({ type: 'asOf', migration: document.getElementById('migration').value, moment: document.getElementById('moment').value });
  document.getElementById('migration').addEventListener('change', asOf);
  document.getElementById('moment').addEventListener('change', asOf);
  document.getElementById('zoomIn').addEventListener('click', () => zoom(1.25, stage.clientWidth / 2, stage.clientHeight / 2));
  document.getElementById('zoomOut').addEventListener('click', () => zoom(0.8, stage.clientWidth / 2, stage.clientHeight / 2));
  document.getElementById('fit').addEventListener('click', fit);
  document.getElementById('mermaid').addEventListener('click', () => vscode.postMessage({ type: 'copyMermaid' }));
  // Until the user pans or zooms, the picture follows the panel's size.
  window.addEventListener('resize', () => { if (fitted) fit(); });
  fit();
})();
</script>
</body>
</html>`;
}

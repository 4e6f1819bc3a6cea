import {
  commands,
  EventEmitter,
  MarkdownString,
  Range,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  window,
  workspace,
  type ExtensionContext,
  type TreeDataProvider,
  type TreeView,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION } from '../../../server/src/lsp/protocol';
import { onServerNotification } from '../notifications';
import {
  SCHEMA_CHANGED_NOTIFICATION,
  SCHEMA_TREE_REQUEST,
  type SchemaChangedParams,
  type SchemaChangeMark,
  type SchemaLocation,
  type SchemaMoment,
  type SchemaTreeParams,
  type SchemaTreeResult,
  type SchemaTreeTable,
} from '../../../server/src/lsp/schemaViewProtocol';

export const SCHEMA_VIEW = 'schemasense.schema';
export const SHOW_BEFORE = 'schemasense.schema.showBefore';
export const SHOW_AFTER = 'schemasense.schema.showAfter';
export const REFRESH_VIEW = 'schemasense.schema.refresh';
/** Context keys: the view is contributed only once the extension runs (so it never activates it), and its moment. */
const ACTIVE_CONTEXT = 'schemasense.active';
const MOMENT_CONTEXT = 'schemasense.schemaMoment';

type Node =
  | { kind: 'schema'; name: string; tables: SchemaTreeTable[] }
  | { kind: 'table'; table: SchemaTreeTable }
  | { kind: 'column'; table: SchemaTreeTable; column: SchemaTreeTable['columns'][number] }
  | { kind: 'group'; table: SchemaTreeTable; group: 'foreign keys' | 'indexes' }
  | { kind: 'foreignKey'; fk: SchemaTreeTable['foreignKeys'][number] }
  | { kind: 'index'; index: NonNullable<SchemaTreeTable['indexes']>[number] };

const MARK_COLOURS: Record<SchemaChangeMark, string> = {
  added: 'gitDecoration.addedResourceForeground',
  changed: 'gitDecoration.modifiedResourceForeground',
  dropped: 'gitDecoration.deletedResourceForeground',
};

/**
 * The "SchemaSense Schema" view in the Explorer: the schema as of the active migration file (just before it,
 * or just after it: the title bar toggles), schemas → tables → columns with their types and keys, foreign keys
 * and indexes; what the migration adds, changes or drops, and the tables it names, are marked. A click opens
 * the defining statement. The data is the server's (`schemasense/schemaTree`); the view asks again when the
 * active editor changes, when the server says an analysis changed and after a folder loads.
 */
export function registerSchemaTree(context: ExtensionContext, client: LanguageClient): void {
  const provider = new SchemaTreeProvider(client);
  const view = window.createTreeView(SCHEMA_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  void commands.executeCommand('setContext', ACTIVE_CONTEXT, true);
  void commands.executeCommand('setContext', MOMENT_CONTEXT, provider.moment);
  let timer: NodeJS.Timeout | undefined;
  // After an edit, once typing pauses: the answer for a big schema costs the server a few hundred ms (2,000 tables).
  const soon = (ms = 150) => {
    clearTimeout(timer);
    timer = setTimeout(() => void provider.refresh(), ms);
  };
  context.subscriptions.push(
    view,
    { dispose: () => clearTimeout(timer) },
    commands.registerCommand(SHOW_BEFORE, () => provider.setMoment('before')),
    commands.registerCommand(SHOW_AFTER, () => provider.setMoment('after')),
    commands.registerCommand(REFRESH_VIEW, () => provider.refresh()),
    window.onDidChangeActiveTextEditor((e) => {
      if (!e || e.document.languageId === 'sql') soon();
    }),
    view.onDidChangeVisibility((e) => {
      if (e.visible && provider.stale) soon();
    }),
    onServerNotification(client, SCHEMA_CHANGED_NOTIFICATION, (p: SchemaChangedParams) => {
      // A check of any document of the active one's folder may change what the active one sees.
      const active = provider.subject();
      if (!active) return;
      const a = workspace.getWorkspaceFolder(active)?.uri.toString();
      const b = workspace.getWorkspaceFolder(Uri.parse(p.uri))?.uri.toString();
      if (p.uri === active.toString() || (a && a === b)) soon(600);
    }),
    onServerNotification(client, STATUS_NOTIFICATION, () => soon()),
  );
  soon();
}

class SchemaTreeProvider implements TreeDataProvider<Node> {
  private readonly emitter = new EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  view: TreeView<Node> | undefined;
  moment: SchemaMoment = 'before';
  /** Changed while hidden: asked again when shown. */
  stale = false;
  private result: SchemaTreeResult | undefined;
  private asking = 0;

  constructor(private readonly client: LanguageClient) {}

  private last: Uri | undefined;

  /** The document the view follows: the active SQL editor's, else the last one, else the first workspace folder. */
  subject(): Uri | undefined {
    const doc = window.activeTextEditor?.document;
    if (doc && doc.languageId === 'sql' && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled')) this.last = doc.uri;
    return this.last ?? workspace.workspaceFolders?.[0]?.uri;
  }

  setMoment(moment: SchemaMoment): void {
    this.moment = moment;
    void commands.executeCommand('setContext', MOMENT_CONTEXT, moment);
    this.refresh();
  }

  private inFlight: Promise<void> | undefined;
  private again = false;

  /** Asks the server; a refresh asked for while one is in flight runs once after it. */
  async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.ask().finally(() => {
      this.inFlight = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  private async ask(): Promise<void> {
    if (this.view && !this.view.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const uri = this.subject();
    if (!uri) return;
    const asked = ++this.asking;
    const params: SchemaTreeParams = { uri: uri.toString(), moment: this.moment };
    const result = await this.client.sendRequest<SchemaTreeResult | null>(SCHEMA_TREE_REQUEST, params).catch(() => null);
    if (asked !== this.asking) return;
    this.result = result ?? undefined;
    if (this.view) {
      this.view.description = result?.migration ? `${result.moment} ${result.migration}` : result ? 'after the whole history' : undefined;
      this.view.message = result && result.schemas.length === 0 ? 'No tables yet at this point of the history.' : undefined;
    }
    this.emitter.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const schemas = this.result?.schemas ?? [];
      return schemas.map((s) => ({ kind: 'schema', name: s.name, tables: s.tables }));
    }
    switch (node.kind) {
      case 'schema':
        return node.tables.map((table) => ({ kind: 'table', table }));
      case 'table': {
        const t = node.table;
        return [
          ...t.columns.map((column): Node => ({ kind: 'column', table: t, column })),
          ...(t.foreignKeys.length ? [{ kind: 'group', table: t, group: 'foreign keys' } as Node] : []),
          ...(t.indexes?.length ? [{ kind: 'group', table: t, group: 'indexes' } as Node] : []),
        ];
      }
      case 'group':
        return node.group === 'foreign keys' ? node.table.foreignKeys.map((fk): Node => ({ kind: 'foreignKey', fk })) : (node.table.indexes ?? []).map((index): Node => ({ kind: 'index', index }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): TreeItem {
    switch (node.kind) {
      case 'schema': {
        const item = new TreeItem(node.name, (this.result?.schemas.length ?? 0) === 1 ? TreeItemCollapsibleState.Expanded : TreeItemCollapsibleState.Collapsed);
        item.iconPath = new ThemeIcon('symbol-namespace');
        item.description = `${node.tables.length} relation${node.tables.length === 1 ? '' : 's'}`;
        item.contextValue = 'schema';
        return item;
      }
      case 'table': {
        const t = node.table;
        const item = new TreeItem(t.name, t.change && t.change !== 'dropped' ? TreeItemCollapsibleState.Expanded : TreeItemCollapsibleState.Collapsed);
        // The mark is part of the id: a table that becomes changed opens, whatever its row was before.
        item.id = `${this.result?.migration ?? ''}:${this.moment}:${t.schema}.${t.name}:${t.change ?? ''}`;
        item.iconPath = new ThemeIcon(t.kind === 'table' ? 'symbol-class' : 'symbol-interface', t.change ? new ThemeColor(MARK_COLOURS[t.change]) : undefined);
        item.description = [t.kind === 'table' ? '' : t.kind, t.change ?? (t.used ? 'used by this migration' : '')].filter(Boolean).join(' · ');
        item.tooltip = new MarkdownString(`**${t.schema}.${t.name}** (${t.kind})${t.change ? `, ${t.change} by this migration` : t.used ? ', used by this migration' : ''}`);
        item.contextValue = `relation.${t.change ?? (t.used ? 'used' : 'unchanged')}`;
        item.command = openCommand(t.location);
        return item;
      }
      case 'column': {
        const c = node.column;
        const item = new TreeItem(c.name, TreeItemCollapsibleState.None);
        item.id = `${this.result?.migration ?? ''}:${this.moment}:${node.table.schema}.${node.table.name}:${node.table.change ?? ''}.${c.name}`;
        const marks = [
          c.type || 'unknown type',
          c.primaryKey ? 'PK' : '',
          c.references ? `FK → ${c.references.schema === 'public' ? '' : `${c.references.schema}.`}${c.references.table}.${c.references.column}` : '',
          c.nullable ? '' : 'not null',
          c.default !== undefined ? `default ${c.default}` : '',
          c.change ?? '',
        ].filter(Boolean);
        item.description = marks.join(' · ');
        item.iconPath = new ThemeIcon(c.primaryKey ? 'key' : c.references ? 'references' : 'symbol-field', c.change ? new ThemeColor(MARK_COLOURS[c.change]) : undefined);
        item.contextValue = 'column';
        item.command = openCommand(c.location);
        return item;
      }
      case 'group': {
        const count = node.group === 'foreign keys' ? node.table.foreignKeys.length : (node.table.indexes ?? []).length;
        const item = new TreeItem(node.group, TreeItemCollapsibleState.Collapsed);
        item.description = String(count);
        item.iconPath = new ThemeIcon(node.group === 'foreign keys' ? 'references' : 'list-ordered');
        return item;
      }
      case 'foreignKey': {
        const f = node.fk;
        const item = new TreeItem(f.name ?? f.columns.join(', '), TreeItemCollapsibleState.None);
        item.description = `(${f.columns.join(', ')}) → ${f.references.table} (${f.references.columns.join(', ')})${f.change ? ` · ${f.change}` : ''}`;
        item.iconPath = new ThemeIcon('references', f.change ? new ThemeColor(MARK_COLOURS[f.change]) : undefined);
        return item;
      }
      case 'index': {
        const i = node.index;
        const item = new TreeItem(i.name, TreeItemCollapsibleState.None);
        const cols = i.columns.map((c) => c || '(expression)').join(', ');
        item.description = [`(${cols})`, i.primary ? 'primary key' : i.unique ? 'unique' : '', i.where ? `where ${i.where}` : '', i.change ?? ''].filter(Boolean).join(' · ');
        item.iconPath = new ThemeIcon('list-ordered', i.change ? new ThemeColor(MARK_COLOURS[i.change]) : undefined);
        item.command = openCommand(i.location);
        return item;
      }
    }
  }
}

/** Opens the defining statement, its name selected. */
export function openCommand(location: SchemaLocation | undefined) {
  if (!location) return undefined;
  const { start, end } = location.range;
  return {
    command: 'vscode.open',
    title: 'Go to Definition',
    arguments: [Uri.parse(location.uri), { selection: new Range(start.line, start.character, end.line, end.character), preview: true }],
  };
}

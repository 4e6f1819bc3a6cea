// dagre ships a CommonJS build next to its ES module; TypeScript's node16 resolution sees only the latter.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require('@dagrejs/dagre') as typeof import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } });
import type { SchemaModel, TableModel } from './model';

/**
 * The schema as a standalone SVG: a box per table (name, then a row per column with its type and key
 * marks), an arrow per foreign key from the referencing table to the referenced one, laid out by dagre
 * (a maintained layout library, no browser needed). `highlight` draws some tables in the accent colour.
 */
export function toSvg(model: SchemaModel, highlight: ReadonlySet<string> = new Set()): string {
  const CHAR = 7.2;
  const ROW = 18;
  const PAD = 8;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const id = (schema: string, name: string) => `${schema}.${name}`;
  // The box is as wide as its longest row, measured on the very text drawn.
  for (const t of model.tables) {
    const rows = [title(t), ...t.columns.map((c) => columnRow(t, c))];
    const width = Math.max(120, Math.max(...rows.map((r) => r.length)) * CHAR + 2 * PAD);
    g.setNode(id(t.schema, t.name), { width, height: rows.length * ROW + 2 * PAD });
  }
  for (const t of model.tables) {
    for (const fk of t.foreignKeys) {
      const target = id(fk.references.schema, fk.references.table);
      if (g.hasNode(target)) g.setEdge(id(t.schema, t.name), target, {}, fk.name ?? fk.columns.join(','));
    }
  }
  dagre.layout(g);
  const graph = g.graph();
  const out: string[] = [];
  const w = Math.ceil(graph.width ?? 200);
  const h = Math.ceil(graph.height ?? 100);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="monospace" font-size="12">`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>');
  for (const e of g.edges()) {
    const points = g.edge(e).points ?? [];
    out.push(`<polyline fill="none" stroke="#555" marker-end="url(#arrow)" points="${points.map((p: { x: number; y: number }) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}"/>`);
  }
  for (const t of model.tables) {
    const n = g.node(id(t.schema, t.name));
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2;
    const accent = highlight.has(id(t.schema, t.name));
    out.push(`<g class="table" data-table="${esc(id(t.schema, t.name))}">`);
    out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${n.width.toFixed(1)}" height="${n.height.toFixed(1)}" rx="4" fill="${accent ? '#fff4d6' : '#ffffff'}" stroke="${accent ? '#d08800' : '#333'}"/>`);
    out.push(`<text x="${(x + PAD).toFixed(1)}" y="${(y + PAD + 13).toFixed(1)}" font-weight="bold">${esc(title(t))}</text>`);
    t.columns.forEach((c, i) => {
      out.push(`<text x="${(x + PAD).toFixed(1)}" y="${(y + PAD + 13 + (i + 1) * ROW).toFixed(1)}">${esc(columnRow(t, c))}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** A box's first row: the table's name (with its schema outside public) and its kind when not a table. */
const title = (t: TableModel) => `${t.schema === 'public' ? t.name : `${t.schema}.${t.name}`}${t.kind === 'table' ? '' : ` (${t.kind})`}`;

/** A column's row: name, type, `not null`, and PK or FK. */
function columnRow(t: TableModel, c: TableModel['columns'][number]): string {
  const key = t.primaryKey.includes(c.name) ? '  PK' : t.foreignKeys.some((f) => f.columns.includes(c.name)) ? '  FK' : '';
  return `${c.name}  ${c.type}${c.nullable ? '' : ' not null'}${key}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

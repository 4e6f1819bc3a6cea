import type { Relation, Session } from '../../analysis';
import { quoteIdent } from '../../analysis/catalog/names';
import type { NamespaceItem } from '../../analysis/resolve/scope';
import type { CompletionEntry } from '../types';
import { relationLabel } from '../describe';
import { RANK } from './rank';


interface Link {
  /** Columns of the new relation and of the one already in scope, pairwise equal. */
  own: readonly string[];
  other: readonly string[];
}

/** Foreign keys between two relations, in either direction, as column pairs. */
function links(a: Relation, b: Relation): Link[] {
  const found: Link[] = [];
  for (const fk of a.foreignKeys) if (fk.refSchema === b.schema && fk.refTable === b.name) found.push({ own: fk.columns, other: fk.refColumns });
  for (const fk of b.foreignKeys) if (fk.refSchema === a.schema && fk.refTable === a.name) found.push({ own: fk.refColumns, other: fk.columns });
  return found;
}

const condition = (alias: string, other: string, link: Link) =>
  link.own.map((c, i) => `${alias}.${quoteIdent(c)} = ${other}.${quoteIdent(link.other[i] ?? c)}`).join(' AND ');

/** After `JOIN t x ON`: the conditions the foreign keys allow between x and the items before it. */
export function joinConditions(items: readonly NamespaceItem[]): CompletionEntry[] {
  const joined = [...items].reverse().find((i) => i.relVisible && i.relation && i.refname);
  if (!joined?.relation) return [];
  return items
    .filter((i) => i !== joined && i.relVisible && i.relation && i.refname)
    .flatMap((other) => links(joined.relation!, other.relation!).map((link) => condition(joined.refname!, other.refname!, link)))
    .map((text) => ({ label: text, kind: 'join' as const, detail: 'join condition (foreign key)', sortText: RANK.join + text }));
}

/** After `JOIN`: whole joins to the relations that a foreign key links to an item in scope. */
export function joinItems(session: Session, visible: readonly NamespaceItem[]): CompletionEntry[] {
  const taken = new Set(visible.map((i) => i.refname).filter(Boolean));
  const entries: CompletionEntry[] = [];
  for (const schema of session.catalog.schemas.values()) {
    for (const relation of schema.relations.values()) {
      for (const other of visible) {
        if (!other.relation || !other.refname) continue;
        for (const link of links(relation, other.relation)) {
          const alias = aliasFor(relation.name, taken);
          const name = session.searchPath?.includes(relation.schema) ? quoteIdent(relation.name) : `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
          const text = `${name} ${alias} ON ${condition(alias, other.refname, link)}`;
          entries.push({ label: text, kind: 'join', detail: `join ${relationLabel(relation)} through its foreign key`, sortText: RANK.join + text });
        }
      }
    }
  }
  return entries;
}

const RESERVED = new Set(['as', 'at', 'by', 'do', 'if', 'in', 'is', 'of', 'on', 'or', 'to', 'all', 'and', 'any', 'asc', 'end', 'for', 'not', 'off', 'set', 'use']);

/** An alias from a table name's initials (`api_clients` → `ac`) that no item in scope uses yet. */
export function aliasFor(table: string, taken: ReadonlySet<string | undefined>): string {
  const initials = table.split(/[_\s]+/).filter(Boolean).map((w) => w[0].toLowerCase()).join('') || 't';
  let alias = /^[a-z_]/.test(initials) ? initials : `t${initials}`;
  for (let n = 2; taken.has(alias) || RESERVED.has(alias); n++) alias = `${initials}${n}`;
  return alias;
}

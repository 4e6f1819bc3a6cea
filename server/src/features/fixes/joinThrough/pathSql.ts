import type { Relation } from '../../../analysis';
import type { JoinStep } from '../../../analysis/catalog/foreignKeyPaths';
import { lookupRelation } from '../../../analysis/catalog/lookup';
import { quoteIdent } from '../../../analysis/catalog/names';
import { aliasFor } from '../../completion/joins';
import type { JoinTarget } from './target';

/** SQL text for the relations of a join path: their names, fresh aliases, and the conditions between them. */

export interface PathNames {
  /** The alias of a relation of the path (the target's own relation keeps its name). */
  alias(relation: Relation): string;
  /** The alias of the relation that has the missing column. */
  last: string;
  /** `ac.customer_id`: the missing column where it is. */
  column: string;
}

/** Aliases for the relations of the path that no word of the statement uses. */
export function pathNames(t: JoinTarget, taken: Set<string> = new Set(t.facts.words)): PathNames {
  const aliases = new Map<Relation, string>([[t.relation, quoteIdent(t.qualifier)]]);
  for (const step of t.path) {
    const alias = aliasFor(step.to.name, taken);
    taken.add(alias);
    aliases.set(step.to, alias);
  }
  const alias = (r: Relation) => aliases.get(r)!;
  const last = alias(t.path[t.path.length - 1].to);
  return { alias, last, column: `${last}.${t.facts.style.ident(t.column)}` };
}

/**
 * A relation's name as the statement would write it: schema-qualified when the statement qualifies the
 * relation it joins to (`public.teams`) or the search_path does not find it, quoted as the statement quotes.
 */
export function relationName(t: JoinTarget, relation: Relation): string {
  const { catalog, searchPath } = t.facts.session;
  const { ident } = t.facts.style;
  const found = lookupRelation(catalog, searchPath, undefined, relation.name);
  const reachable = found.kind === 'found' && found.relation.schema === relation.schema;
  return reachable && !t.rv.schemaname ? ident(relation.name) : `${ident(relation.schema)}.${ident(relation.name)}`;
}

/** `ak.api_client_id = ac.id`: a step's columns pairwise, its `from` side (joined after its `to` side) first. */
function stepCondition(step: JoinStep, names: PathNames, and: string, ident: (name: string) => string): string {
  const to = step.toColumns.map((c) => `${names.alias(step.to)}.${ident(c)}`);
  return step.fromColumns.map((c, i) => `${names.alias(step.from)}.${ident(c)} = ${to[i]}`).join(` ${and} `);
}

/**
 * The joins from the relation that has the column back to the target's relation, each along its foreign
 * key, the relation joined later first: `JOIN api_keys ak ON ak.api_client_id = ac.id`. `joinOf` gives the
 * join of step i (the path counts from the target's relation); `own` is the target's relation as the last
 * join writes it, and `extra` conditions its join also gets.
 */
export function joinsBackAlongPath(
  t: JoinTarget,
  names: PathNames,
  joinOf: (index: number) => string,
  own: string,
  extra: readonly string[] = [],
): string[] {
  const { kw, ident } = t.facts.style;
  const joins: string[] = [];
  for (let i = t.path.length - 1; i >= 0; i--) {
    const step = t.path[i];
    const item = i === 0 ? own : `${relationName(t, step.from)} ${names.alias(step.from)}`;
    const conditions = [stepCondition(step, names, kw('AND'), ident), ...(i === 0 ? extra : [])];
    joins.push(`${joinOf(i)} ${item} ${kw('ON')} ${conditions.join(` ${kw('AND')} `)}`);
  }
  return joins;
}

/** `FROM api_clients ac JOIN api_keys ak ON ...`: the FROM of a query over the path and the target's relation. */
export function fromAlongPath(t: JoinTarget, names: PathNames, joinOf: (index: number) => string): string[] {
  const written = t.facts.text.slice(t.name.start, t.name.end);
  const own = t.rv.alias ? `${written} ${quoteIdent(t.qualifier)}` : written;
  const last = t.path[t.path.length - 1].to;
  return [`${t.facts.style.kw('FROM')} ${relationName(t, last)} ${names.last}`, ...joinsBackAlongPath(t, names, joinOf, own)];
}

import type { Catalog, Relation, Schema } from './catalog/types';
import { hashOf, PersistentMap } from './catalog/persistentMap';
import type { Session } from './context';
import { interchangeable } from './sameSession';

/**
 * Re-using a statement whose session changed, without analysing it again (incremental analysis).
 *
 * An edit of an early statement (typing in an `ADD COLUMN`) changes the session every later statement
 * sees, so identity no longer says "same input". What a statement's outcome depends on is narrower: the
 * objects it names. A `Divergence` lists the catalog objects (a relation, a function, a type of one schema)
 * in which the new session differs from the one the statement saw before the edit, with their new values.
 * A later statement is replayed — its problems kept, and the session after it taken from its old run with
 * the divergent objects laid over it — only when none of those objects can have reached it:
 * - no divergent object's name is a word of the statement's text (words in literals and bodies count: an
 *   over-approximation, never a miss), nor any name such an object points at (a parent table, a referenced
 *   table, a view's or a body's relations, and every field this module does not know); a relation that
 *   differs in its columns only counts by the names of those columns, and by its own name only in a
 *   statement that may depend on its whole list of columns (`*`, INSERT without columns, a body, …);
 * - the statement did not change a divergent object, changed no schema set and no session field but the
 *   search_path; no type diverges; the sessions differ in catalog objects and sets of names only;
 * - a statement with problems (their hints name near names) names no divergent object, and for a missing
 *   object's problem, none came or went.
 * Anything else is analysed again, and the divergence is measured anew after it. The differential edit
 * harness (test/incremental) holds the result to a fresh analysis.
 */

type Kind = 'relations' | 'functions' | 'types';
const KINDS: readonly Kind[] = ['relations', 'functions', 'types'];
/** More divergent objects than this: analysing again is as cheap as comparing. */
const LIMIT = 64;

export interface Divergence {
  /** Each divergent object and its value in the new session (undefined: absent there). */
  objects: readonly { schema: string; kind: Kind; name: string; value: unknown }[];
  /** The catalog's sets of names (uncertain, rejected) of the new session, when they differ from the old one's. */
  names?: Pick<Catalog, NameSet>;
  /**
   * The objects' names, the names they point at, and the names in only one of the two sessions' name sets,
   * as hashes (`hashOf`: a statement's words are kept so, `wordsOf`).
   */
  words: readonly number[];
  /**
   * Relations that differ in some of their columns only (an `ADD COLUMN` edited), hashed: their names are not
   * in `words` (the changed columns' names are), and reach a statement that names them only through what
   * depends on the whole list of columns (`shapeSensitive`).
   */
  reshaped: readonly number[];
  /** The hashes of the objects' own names. */
  objectNames: readonly number[];
  /** Whether an object is in one session only: the names a "did you mean" hint chooses from differ. */
  addsOrRemoves: boolean;
}

/** The catalog's fields that are sets of relation names: they matter only to a statement that names one of them. */
type NameSet = 'uncertainNames' | 'rejectedNames';
const NAME_SETS: readonly NameSet[] = ['uncertainNames', 'rejectedNames'];

/** Whether the divergence is nothing: the two sessions are the same. */
const isEmpty = (d: Divergence): boolean => d.objects.length === 0 && !d.names;

/** How `now` differs from `old`, object by object; undefined when not only in catalog objects (or too much). */
export function divergence(old: Session, now: Session): Divergence | undefined {
  if (!sameExcept(old, now, ['catalog']) || !sameExcept(old.catalog, now.catalog, ['schemas', ...NAME_SETS])) return undefined;
  const objects: { schema: string; kind: Kind; name: string; value: unknown }[] = [];
  const words = new Set<string>();
  const reshaped = new Set<string>();
  let addsOrRemoves = false;
  let names: Divergence['names'];
  for (const field of NAME_SETS) {
    const a = old.catalog[field];
    const b = now.catalog[field];
    if (a === b) continue;
    names = { uncertainNames: now.catalog.uncertainNames, rejectedNames: now.catalog.rejectedNames };
    for (const n of a ?? []) if (!b?.has(n)) words.add(n);
    for (const n of b ?? []) if (!a?.has(n)) words.add(n);
  }
  if (words.size > LIMIT) return undefined;
  const schemasA = old.catalog.schemas;
  const schemasB = now.catalog.schemas;
  if (schemasA !== schemasB) {
    if (schemasA.size !== schemasB.size) return undefined;
    for (const [name, sa] of schemasA) {
      const sb = schemasB.get(name);
      if (!sb) return undefined;
      if (sa === sb) continue;
      if (!sameExcept(sa, sb, KINDS)) return undefined;
      for (const kind of KINDS) {
        const a = sa[kind] as ReadonlyMap<string, unknown>;
        const b = sb[kind] as ReadonlyMap<string, unknown>;
        if (a === b) continue;
        if (kind === 'types' || !(a instanceof PersistentMap) || !(b instanceof PersistentMap)) return undefined;
        const keys = a.changedKeys(b, LIMIT);
        if (!keys || objects.length + keys.length > LIMIT) return undefined;
        for (const key of keys) {
          const value = b.get(key);
          objects.push({ schema: name, kind, name: key, value });
          if (value === undefined || !a.has(key)) addsOrRemoves = true;
          const columns = kind === 'relations' ? changedColumns(a.get(key) as Relation | undefined, value as Relation | undefined) : undefined;
          if (columns) {
            reshaped.add(key);
            for (const c of columns) words.add(c).add(c.toLowerCase());
            continue;
          }
          words.add(key);
          for (const w of [...mentions(a.get(key)), ...mentions(value)]) words.add(w);
        }
      }
    }
  }
  return { objects, names, words: [...words].map(hashOf), reshaped: [...reshaped].map(hashOf), objectNames: objects.map((o) => hashOf(o.name)), addsOrRemoves };
}

/**
 * The names of the columns in which two versions of a relation differ, when they differ in nothing else
 * (every other field the same object); undefined otherwise.
 */
function changedColumns(a: Relation | undefined, b: Relation | undefined): string[] | undefined {
  if (!a || !b || a.columns === b.columns || !sameExcept(a, b, ['columns'])) return undefined;
  const names = new Set<string>();
  const byName = new Map(a.columns.map((c) => [c.name, c]));
  b.columns.forEach((c, i) => {
    const old = byName.get(c.name);
    // A column that moved counts too: the order of columns is the shape of `*` and of INSERT's VALUES.
    if (!old || (old !== c && !interchangeable(old, c)) || a.columns[i]?.name !== c.name) names.add(c.name);
    byName.delete(c.name);
  });
  for (const name of byName.keys()) names.add(name);
  return [...names];
}

/**
 * A session not built yet: `base` (a built session) with `overlay` laid over it. A statement replayed
 * after an edit sees the session it saw before with the edit's divergence laid over it; building that for
 * each of the thousands of statements after a typo would cost more than the edit's analysis, and most of
 * them are never looked at (completion and hover look at one). So a replayed statement's session is kept
 * as its old one's base and an overlay (the old overlay with the divergence laid over it, one object for a
 * whole stretch of replayed statements), and built when read (`built`). Overlays compose, so a deferred
 * session's base is always a built one: no chain through earlier analyses grows.
 */
export class DeferredSession {
  private session?: Session;
  constructor(
    readonly base: Session,
    readonly overlay: Overlay,
  ) {}

  get built(): Session {
    return (this.session ??= laidOver(this.base, this.overlay));
  }
}

/** What `analyzeDocument` keeps before each statement: a session, or one to build when read. */
export type SessionEntry = Session | DeferredSession;

/** Catalog objects (and name sets) that replace those of a session. */
export type Overlay = Pick<Divergence, 'objects' | 'names'>;

/** The session an entry stands for (built and kept on first read). */
export function built(entry: SessionEntry): Session {
  return entry instanceof DeferredSession ? entry.built : entry;
}

const NO_OVERLAY: Overlay = { objects: [] };

/** `base` with the overlay's objects and name sets in place of its own. */
function laidOver(base: Session, overlay: Overlay): Session {
  const schemas = new Map(base.catalog.schemas);
  for (const o of overlay.objects) {
    const target = schemas.get(o.schema)!;
    const map = target[o.kind] as unknown as PersistentMap<unknown>;
    const next = o.value === undefined ? map.delete(o.name) : map.set(o.name, o.value);
    schemas.set(o.schema, { ...target, [o.kind]: next } as Schema);
  }
  const catalog: Catalog = { ...base.catalog, schemas, ...overlay.names };
  return { ...base, catalog };
}

/** `first`, then `then` laid over it, as one overlay (the same object for the same two: a stretch shares it). */
function composed(first: Overlay, then: Overlay): Overlay | undefined {
  if (first === NO_OVERLAY) return then;
  const known = composedCache.get(first);
  if (known?.then === then) return known.result;
  const byKey = new Map(first.objects.map((o) => [`${o.schema}\0${o.kind}\0${o.name}`, o]));
  for (const o of then.objects) byKey.set(`${o.schema}\0${o.kind}\0${o.name}`, o);
  const result = byKey.size > LIMIT ? undefined : { objects: [...byKey.values()], names: then.names ?? first.names };
  composedCache.set(first, { then, result });
  return result;
}

const composedCache = new WeakMap<Overlay, { then: Overlay; result: Overlay | undefined }>();

/**
 * The session after `statement` when it runs on `now` (`oldBefore` with `d` laid over it) instead
 * of `oldBefore`, where it had led to `oldAfter`; undefined when it must be analysed again. The result is
 * deferred (`DeferredSession`): the old session after it with `d` laid over it, built when read.
 */
export function replayed(statement: { text: string }, problems: readonly { code: string }[], oldBefore: SessionEntry, oldAfter: SessionEntry, now: SessionEntry, stretch: Stretch): SessionEntry | undefined {
  const d = stretch.divergence;
  if (isEmpty(d)) return oldAfter;
  const statementWords = wordsOf(statement);
  // A statement's problems may hint at near names: of the relations it names (their columns: it must name
  // no divergent object), and for a missing object, of every object of its kind (none may come or go).
  if (problems.length && (namesAny(statementWords, d.objectNames) || (d.addsOrRemoves && problems.some((p) => NAME_HINT_CODES.has(p.code))))) return undefined;
  if (namesAny(statementWords, d.words)) return undefined;
  if (d.reshaped.length && shapeSensitive(statement) && namesAny(statementWords, d.reshaped)) return undefined;
  // No effect before the edit (a query, DML): none now.
  if (oldAfter === oldBefore) return now;
  // The statement's effect is read from the built sessions under the old overlay: an overlay replaces
  // catalog objects and name sets only, and where it holds an object, that object is the same on both sides.
  let overlay = NO_OVERLAY;
  let oldB: Session;
  let oldA: Session;
  if (oldBefore instanceof DeferredSession && oldAfter instanceof DeferredSession && oldBefore.overlay === oldAfter.overlay) {
    overlay = oldAfter.overlay;
    oldB = oldBefore.base;
    oldA = oldAfter.base;
  } else {
    oldB = built(oldBefore);
    oldA = built(oldAfter);
  }
  const effect = effectOf(oldB, oldA);
  if (!effect.overlaid) return undefined;
  const before = oldB.catalog.schemas;
  const after = oldA.catalog.schemas;
  for (const o of d.objects) {
    const map = after.get(o.schema)![o.kind] as ReadonlyMap<string, unknown>;
    if (!(map instanceof PersistentMap)) return undefined;
    // The statement changed this object itself: its effect depended on it.
    if (map.get(o.name) !== (before.get(o.schema)![o.kind] as ReadonlyMap<string, unknown>).get(o.name) && !overlay.objects.some((x) => x.schema === o.schema && x.kind === o.kind && x.name === o.name)) return undefined;
  }
  // Laid over the old session after it: the new one then shares all but those objects with the old one
  // (and the divergence stays measurable: a new session built apart from the old ones would differ from
  // them in every path a statement copied since).
  // A statement that changed a set of names the sessions disagree on (a view rejected, as before the edit):
  // it changes the new session's sets the same way, and the stretch goes on with those. (Under an overlay
  // that holds the sets, the old sessions had the same sets on both sides: the statement changed none.)
  const names = d.names && !overlay.names && effect.changesNames ? changedNameSets(d.names, oldB.catalog, oldA.catalog) : d.names;
  const then = names === d.names ? d : (stretch.divergence = { ...d, names });
  const next = composed(overlay, then);
  return next ? new DeferredSession(oldA, next) : laidOver(built(oldAfter), then);
}

/** The divergence along a stretch of replayed statements: replaced where a statement changes the new session's name sets. */
export interface Stretch {
  divergence: Divergence;
}

/** The new session's name sets after a statement that changed the old ones from `oldB`'s to `oldA`'s: the same names added and removed. */
function changedNameSets(now: NonNullable<Divergence['names']>, oldB: Catalog, oldA: Catalog): NonNullable<Divergence['names']> {
  const out: Partial<Record<NameSet, ReadonlySet<string>>> = { ...now };
  for (const field of NAME_SETS) {
    const a = oldB[field];
    const b = oldA[field];
    if (a === b) continue;
    const set = new Set(now[field]);
    for (const n of a ?? []) if (!b?.has(n)) set.delete(n);
    for (const n of b ?? []) if (!a?.has(n)) set.add(n);
    out[field] = set;
  }
  return out as NonNullable<Divergence['names']>;
}

/**
 * What a statement did, from the session before it to the one after: whether an overlay can stand for a
 * change of the session before it (it changed catalog objects, the search_path and name sets only, and no
 * schema came or went), and whether it changed a set of names. Kept per session after it: a stretch of
 * replayed statements keeps its built sessions across edits, so each edit asks again of the same pairs.
 */
function effectOf(oldB: Session, oldA: Session): { overlaid: boolean; changesNames: boolean } {
  const known = effects.get(oldA);
  if (known?.before === oldB) return known;
  const before = oldB.catalog.schemas;
  const after = oldA.catalog.schemas;
  const effect = {
    before: oldB,
    overlaid:
      onlyCopied(oldB, oldA, COPIED_SESSION_FIELDS, 'catalog') &&
      onlyCopied(oldB.catalog, oldA.catalog, COPIED_CATALOG_FIELDS, 'schemas') &&
      (before === after || (before.size === after.size && everyKeyIn(before, after))),
    changesNames: NAME_SETS.some((f) => oldA.catalog[f] !== oldB.catalog[f]),
  };
  effects.set(oldA, effect);
  return effect;
}

const effects = new WeakMap<Session, { before: Session; overlaid: boolean; changesNames: boolean }>();

function everyKeyIn(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  for (const k of a.keys()) if (!b.has(k)) return false;
  return true;
}

/**
 * `now`, with every part equal in content to the same part of `old` taken from `old`; `old` itself when
 * all of it is. Run after a statement is analysed again: its outcome is a fresh object even where it is
 * what it was before the edit, and sharing the old parts again is what lets the divergence end, so that
 * the statements after it are reused or replayed. Parts are compared where they differ by identity (the
 * keys `changedKeys` finds), so this costs what the statement changed, not the size of the catalog.
 */
export function settled(old: Session, now: Session): Session {
  if (old === now) return old;
  const sa = old.catalog.schemas;
  const sb = now.catalog.schemas;
  let schemas: ReadonlyMap<string, Schema> = sb;
  if (sa !== sb && sa.size === sb.size) {
    let copy: Map<string, Schema> | undefined;
    for (const [name, b] of sb) {
      const a = sa.get(name);
      if (!a || a === b) continue;
      const s = settledSchema(a, b);
      if (s !== b) (copy ??= new Map(sb)).set(name, s);
    }
    if (copy && [...copy].every(([k, v]) => sa.get(k) === v)) schemas = sa;
    else if (copy) schemas = copy;
  }
  // The catalog's other fields are sets of names; the session's, a search_path. A transaction holds whole
  // catalogs: only the same one is the same (a deep comparison here would cost the catalog's size).
  const catalog = sharedFields({ ...now.catalog, schemas }, old.catalog, ['schemas']);
  return sharedFields({ ...now, catalog }, old, ['catalog', 'transaction']);
}

/** `now` with each field equal in content to `old`'s taken from `old` (those in `byIdentity` only when identical); `old` itself when every field is. */
function sharedFields<T extends object>(now: T, old: T, byIdentity: readonly string[]): T {
  const a = old as Record<string, unknown>;
  const b = { ...now } as Record<string, unknown>;
  for (const k in b) if (b[k] !== a[k] && k in a && !byIdentity.includes(k) && interchangeable(a[k], b[k])) b[k] = a[k];
  return sameExcept(b, a, []) ? old : (b as T);
}

/** A schema of the new session with its objects equal to the old schema's shared again (the old schema when all are). */
function settledSchema(a: Schema, b: Schema): Schema {
  const out = { ...b } as Record<string, unknown>;
  for (const kind of KINDS) {
    const ma = a[kind] as ReadonlyMap<string, unknown>;
    const mb = b[kind] as ReadonlyMap<string, unknown>;
    if (ma === mb) continue;
    if (!(ma instanceof PersistentMap) || !(mb instanceof PersistentMap)) {
      if (ma.size === mb.size && ma.size <= LIMIT && interchangeable(ma, mb)) out[kind] = ma;
      continue;
    }
    // More differences than this: the divergence is not measured either, so sharing gains nothing.
    const keys = ma.changedKeys(mb, LIMIT);
    if (!keys) continue;
    let m: PersistentMap<unknown> = mb;
    let all = true;
    for (const key of keys) {
      const va = ma.get(key);
      const vb = mb.get(key);
      if (va !== undefined && vb !== undefined && interchangeable(va, vb)) m = m.set(key, va);
      else all = false;
    }
    out[kind] = all ? ma : m;
  }
  return sharedFields(out as unknown as Schema, a, KINDS);
}

/** Problems whose hint picks a near name among all objects of a kind: a relation, a function, a type, a schema. */
const NAME_HINT_CODES = new Set(['42P01', '42883', '42704', '3F000']);

/** What a statement may set outside catalog objects and still be replayed (they hold no catalog). */
const COPIED_SESSION_FIELDS = new Set(['searchPath']);
const COPIED_CATALOG_FIELDS = new Set<string>(NAME_SETS);

/** Whether `after` differs from `before` (by identity) only in the fields allowed, and in `skip`. */
function onlyCopied(before: object, after: object, allowed: ReadonlySet<string>, skip: string): boolean {
  if (before === after) return true;
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const k in a) if (k !== skip && a[k] !== b[k] && !allowed.has(k)) return false;
  for (const k in b) if (k !== skip && !(k in a) && !allowed.has(k)) return false;
  return true;
}

/** Same own fields by identity, except those named. */
function sameExcept(a: object, b: object, except: readonly string[]): boolean {
  const ka = Object.keys(a).filter((k) => !except.includes(k));
  const kb = Object.keys(b).filter((k) => !except.includes(k));
  if (ka.length !== kb.length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/** Fields of catalog objects that hold only the object's own data (never the name of another object). */
const OWN_FIELDS = new Set(['schema', 'name', 'kind', 'columns', 'open', 'primaryKey', 'uniqueKeys', 'origin', 'args', 'returns', 'values', 'volatility', 'checks', 'prismaModel', 'triggerColumns']);

/**
 * Fields that point at other objects, and the names in each entry that do. A statement reaches such an
 * entry only through the object it names: `ALTER TABLE t DROP COLUMN c` looks for the views and the
 * function bodies that use a column of `t` (so a view's `dependsOn` and a body's `uses` count by their
 * relation, not their column); a trigger's function is what a change of that function reaches.
 */
const POINTERS: Readonly<Record<string, readonly string[]>> = {
  foreignKeys: ['refSchema', 'refTable'],
  inherits: ['schema', 'name'],
  dependsOn: ['schema', 'relation'],
  triggers: ['name', 'functionSchema', 'functionName'],
  // An index is named by DROP INDEX, ALTER INDEX, '…'::regclass without its table.
  indexes: ['name'],
};
/** The same for a function body: the relations it uses, and the NEW/OLD fields a trigger change is checked against. */
const BODY_POINTERS: Readonly<Record<string, readonly string[]>> = {
  uses: ['schema', 'relation'],
  triggerFields: ['field'],
};

/**
 * Names a catalog object points at (a parent table, a referenced table, a view's relations, a body's
 * relations, and whatever a field this module does not know holds, every string of it). Functions are
 * lists of overloads.
 */
function mentions(object: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (typeof v === 'string') out.push(v, v.toLowerCase());
    else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (v && typeof v === 'object' && depth < 6) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  const pointers = (entries: unknown, names: readonly string[]) => {
    if (!Array.isArray(entries)) return visit(entries, 0);
    for (const e of entries) for (const n of names) visit((e as Record<string, unknown>)?.[n], 0);
  };
  const fields = (o: unknown, known: Readonly<Record<string, readonly string[]>>) => {
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      if (known[k]) pointers(v, known[k]);
      // A body's effects run where the function is called, and a call names the function: still, their
      // words count, as an effect may call another function.
      else if (k === 'body' && known === POINTERS) fields(v, { ...BODY_POINTERS, params: [] });
      else if (!OWN_FIELDS.has(k)) visit(v, 0);
    }
  };
  if (Array.isArray(object)) object.forEach((o) => fields(o, POINTERS));
  else fields(object, POINTERS);
  return out;
}

/**
 * Every word of a statement's text that could name an object: unquoted words folded to lower case, and
 * quoted identifiers as written. Words inside literals and bodies count too. Kept as the sorted hashes of
 * the words (a few bytes a word, one compact array to search: a replay asks each of thousands of statements
 * about a few names), cached per statement object. Two words with one hash count as the same word: a
 * statement may then be analysed again for nothing, never reused wrongly.
 */
function wordsOf(statement: { text: string }): Uint32Array {
  let words = wordCache.get(statement);
  if (!words) wordCache.set(statement, (words = scanWords(statement.text)));
  return words;
}

const wordCache = new WeakMap<object, Uint32Array>();

/** Whether the sorted hashes hold any of these. */
function namesAny(words: Uint32Array, hashes: readonly number[]): boolean {
  for (const h of hashes) {
    let lo = 0;
    let hi = words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = words[mid];
      if (v === h) return true;
      if (v < h) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return false;
}

/**
 * Whether a statement may depend on the whole list of a relation's columns rather than on the columns it
 * names: `*` (also in `t.*` and `count(*)`: over-approximated), NATURAL joins and USING, INSERT or COPY
 * without a column list, LIKE, INHERITS, OF and partitions, a trigger or a rule (its function's NEW and OLD fields are checked
 * against the table), a row value, and PL/pgSQL bodies (`%ROWTYPE`, records).
 */
function shapeSensitive(statement: { text: string }): boolean {
  let known = shapeCache.get(statement);
  if (known === undefined) {
    known = statement.text.includes('*') || statement.text.includes('$') || namesAny(wordsOf(statement), SHAPE_WORDS);
    shapeCache.set(statement, known);
  }
  return known;
}

const SHAPE_WORDS = ['natural', 'using', 'insert', 'copy', 'like', 'inherits', 'of', 'partition', 'attach', 'trigger', 'rule', 'row', 'rowtype', 'record', 'do', 'function', 'procedure', 'values', 'returning', 'merge'].map(hashOf);
const shapeCache = new WeakMap<object, boolean>();

function scanWords(text: string): Uint32Array {
  const hashes: number[] = [];
  for (const m of text.matchAll(/"((?:[^"]|"")*)"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/g)) {
    const word = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[0];
    hashes.push(hashOf(word));
    const lower = word.toLowerCase();
    if (lower !== word) hashes.push(hashOf(lower));
  }
  hashes.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[n++] = hashes[i];
  return Uint32Array.from(hashes.slice(0, n));
}

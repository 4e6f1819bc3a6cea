import type { Catalog, Schema } from './catalog/types';
import { PersistentMap } from './catalog/persistentMap';
import type { Session } from './context';

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
 *   table, and every field this module does not know);
 * - the statement did not change a divergent object, had no problems (a hint may name anything), changed no
 *   schema set and no session field but the search_path; no type diverges; the sessions differ in catalog
 *   objects only.
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
  /** The objects' names, and the names they point at. */
  words: ReadonlySet<string>;
}

/** How `now` differs from `old`, object by object; undefined when not only in catalog objects (or too much). */
export function divergence(old: Session, now: Session): Divergence | undefined {
  if (!sameExcept(old, now, ['catalog']) || !sameExcept(old.catalog, now.catalog, ['schemas'])) return undefined;
  const objects: { schema: string; kind: Kind; name: string; value: unknown }[] = [];
  const words = new Set<string>();
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
          words.add(key);
          for (const w of [...mentions(a.get(key)), ...mentions(value)]) words.add(w);
        }
      }
    }
  }
  return { objects, words };
}

/**
 * The session after `statement` when it runs on `now` (`oldBefore` with `d` laid over it) instead
 * of `oldBefore`, where it had led to `oldAfter`; undefined when it must be analysed again.
 */
export function replayed(statementWords: ReadonlySet<string>, hadProblems: boolean, oldBefore: Session, oldAfter: Session, now: Session, d: Divergence): Session | undefined {
  if (d.objects.length === 0) return oldAfter;
  if (hadProblems) return undefined;
  for (const w of d.words) if (statementWords.has(w)) return undefined;
  // No effect before the edit (a query, DML): none now.
  if (oldAfter === oldBefore) return now;
  if (!onlyCopied(oldBefore, oldAfter, COPIED_SESSION_FIELDS, 'catalog') || !onlyCopied(oldBefore.catalog, oldAfter.catalog, COPIED_CATALOG_FIELDS, 'schemas')) return undefined;
  const before = oldBefore.catalog.schemas;
  const after = oldAfter.catalog.schemas;
  if (before !== after && (before.size !== after.size || [...before.keys()].some((k) => !after.has(k)))) return undefined;
  // Laid over the old session after it: the new one then shares all but those objects with the old one.
  const schemas = new Map(after);
  for (const o of d.objects) {
    const target = schemas.get(o.schema)!;
    const map = target[o.kind] as ReadonlyMap<string, unknown>;
    if (!(map instanceof PersistentMap)) return undefined;
    // The statement changed this object itself: its effect depended on it.
    if (map.get(o.name) !== (before.get(o.schema)![o.kind] as ReadonlyMap<string, unknown>).get(o.name)) return undefined;
    const next = o.value === undefined ? map.delete(o.name) : map.set(o.name, o.value);
    schemas.set(o.schema, { ...target, [o.kind]: next } as Schema);
  }
  const catalog: Catalog = { ...oldAfter.catalog, schemas };
  return { ...oldAfter, catalog };
}

/** What a statement may set outside catalog objects and still be replayed (they hold no catalog). */
const COPIED_SESSION_FIELDS = new Set(['searchPath']);
const COPIED_CATALOG_FIELDS = new Set(['uncertainNames']);

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
const OWN_FIELDS = new Set(['schema', 'name', 'kind', 'columns', 'open', 'primaryKey', 'uniqueKeys', 'indexes', 'origin', 'args', 'returns', 'values']);

/**
 * Names a catalog object points at (a parent table, a referenced table, and whatever a field this module
 * does not know holds): the strings of every field but its own data. Functions are lists of overloads.
 */
function mentions(object: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (typeof v === 'string') out.push(v, v.toLowerCase());
    else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (v && typeof v === 'object' && depth < 6) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  const fields = (o: unknown) => {
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'foreignKeys' && Array.isArray(v)) for (const fk of v as { refSchema?: string; refTable?: string }[]) out.push(fk.refTable ?? '', fk.refSchema ?? '');
      else if (!OWN_FIELDS.has(k)) visit(v, 0);
    }
  };
  if (Array.isArray(object)) object.forEach(fields);
  else fields(object);
  return out;
}

/**
 * Every word of a statement's text that could name an object: unquoted words folded to lower case, and
 * quoted identifiers as written. Words inside literals and bodies count too. Cached per statement object.
 */
export function wordsOf(statement: { text: string }): ReadonlySet<string> {
  let words = wordCache.get(statement);
  if (!words) wordCache.set(statement, (words = scanWords(statement.text)));
  return words;
}

const wordCache = new WeakMap<object, ReadonlySet<string>>();

function scanWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const m of text.matchAll(/"((?:[^"]|"")*)"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/g)) {
    if (m[1] !== undefined) {
      const quoted = m[1].replace(/""/g, '"');
      words.add(quoted);
      words.add(quoted.toLowerCase());
    } else {
      words.add(m[0].toLowerCase());
      words.add(m[0]);
    }
  }
  return words;
}

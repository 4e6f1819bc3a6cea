import { once } from './identityMemo';

/**
 * An immutable map from strings that shares structure between versions (a hash array mapped trie):
 * adding one relation to a schema of 2,000 copies a few dozen pointers, not the schema. The analysis keeps
 * the catalog before every statement, so a plain copied Map would cost memory quadratic in the file.
 * Reads like a ReadonlyMap; iteration order is by hash, not by insertion.
 */
/** `passed`: whether the value passed `passedBy`, once asked (see `valuesWhere`). */
type Entry<V> = { key: string; value: V; hash: number; passedBy: ((value: V) => boolean) | undefined; passed: boolean };
/** `matched`: the values of this subtree that passed `matchedBy`, once asked (see `valuesWhere`). */
type Node<V> = { bitmap: number; children: Child<V>[]; matchedBy: ((value: V) => boolean) | undefined; matched: readonly V[] | undefined };
type Collision<V> = { hash: number; entries: Entry<V>[] };
type Child<V> = Node<V> | Entry<V> | Collision<V>;

const BITS = 5;
const MASK = 31;
const MAX_DEPTH = 7; // 7 levels of 5 bits cover a 32-bit hash; equal hashes then collide.

const isNode = <V>(c: Child<V>): c is Node<V> => 'bitmap' in c;
const isCollision = <V>(c: Child<V>): c is Collision<V> => 'entries' in c;

/** A 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const popcount = (x: number) => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** Every node has the same fields from the start (one hidden class for V8). */
const node = <V>(bitmap: number, children: Child<V>[]): Node<V> => ({ bitmap, children, matchedBy: undefined, matched: undefined });

/** The root of every empty map: no values, so any test's matches are none. */
const EMPTY_NODE: Node<never> = node(0, []);
const emptyNode = <V>(): Node<V> => EMPTY_NODE as unknown as Node<V>;

export class PersistentMap<V> implements ReadonlyMap<string, V> {
  private constructor(
    private readonly root: Node<V>,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(emptyNode<V>(), 0);
  }

  /** A persistent copy of any map (returned as is when it already is one). */
  static from<V>(map: ReadonlyMap<string, V>): PersistentMap<V> {
    if (map instanceof PersistentMap) return map;
    let result = PersistentMap.empty<V>();
    for (const [k, v] of map) result = result.set(k, v);
    return result;
  }

  get(key: string): V | undefined {
    return this.find(key)?.value;
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const hash = hashOf(key);
    const added = { count: 0 };
    const root = insert(this.root, { key, value, hash, passedBy: undefined, passed: false }, 0, added) as Node<V>;
    return new PersistentMap(root, this.size + added.count);
  }

  /** Deleting copies the path to the key, like `set`: the rest stays shared with this version. */
  delete(key: string): PersistentMap<V> {
    if (!this.has(key)) return this;
    const root = (remove(this.root, key, hashOf(key), 0) as Node<V> | undefined) ?? emptyNode<V>();
    return new PersistentMap(root, this.size - 1);
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this) callback(v, k, this);
  }

  *entries(): MapIterator<[string, V]> {
    yield* walk(this.root);
  }

  *keys(): MapIterator<string> {
    for (const [k] of walk(this.root)) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of walk(this.root)) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  /**
   * The values that pass `test`, remembered per subtree of the trie (on its node, for the last test asked
   * there): a version that shares most of its trie with one asked before costs only its changed path (ALTER
   * TABLE after ALTER TABLE in a schema of 2,000 tables). `test` must be one function, kept for good, whose
   * answer for a value never changes.
   */
  valuesWhere(test: (value: V) => boolean): readonly V[] {
    return collect(this.root, test);
  }

  /**
   * The keys whose values differ (by identity) between this map and `other`, or are in only one of them:
   * subtrees the two versions share are skipped, so two versions a few edits apart compare in time
   * proportional to those edits. Undefined when more than `limit` keys differ.
   */
  changedKeys(other: PersistentMap<V>, limit: number): string[] | undefined {
    const out: string[] = [];
    return diffChildren(this.root, other.root, out, limit) ? out : undefined;
  }

  /**
   * The map as plain data (arrays and objects, no functions: what `v8.serialize` writes): one plain node per
   * trie node, made once per node in `seen`, so maps that share subtrees share their plain nodes too (the
   * catalog before every migration of a history, written together). `value` makes each value plain.
   */
  toPlain(value: (v: V) => unknown, seen: Map<object, unknown>): PlainTrie {
    return { size: this.size, root: plainChild(this.root, value, seen) as PlainNode };
  }

  /** The map `toPlain` wrote, its values as written; maps read with one `seen` share what they shared. */
  static fromPlain<V>(plain: PlainTrie, seen: Map<object, unknown>): PersistentMap<V> {
    return new PersistentMap<V>(childOf(plain.root, seen) as Node<V>, plain.size);
  }

  private find(key: string): Entry<V> | undefined {
    const hash = hashOf(key);
    let node: Child<V> = this.root;
    for (let depth = 0; ; depth++) {
      if (isNode(node)) {
        const bit = 1 << ((hash >>> (depth * BITS)) & MASK);
        if (!(node.bitmap & bit)) return undefined;
        node = node.children[popcount(node.bitmap & (bit - 1))];
      } else if (isCollision(node)) {
        return node.entries.find((e) => e.key === key);
      } else {
        return node.key === key ? node : undefined;
      }
    }
  }
}

/** A trie as plain data (PersistentMap.toPlain): a node, an entry or a collision of entries of one hash. */
export interface PlainTrie {
  size: number;
  root: PlainNode;
}
type PlainNode = { bitmap: number; children: PlainChild[] };
type PlainEntry = { key: string; value: unknown; hash: number };
type PlainChild = PlainNode | PlainEntry | { hash: number; entries: PlainEntry[] };

function plainChild<V>(child: Child<V>, value: (v: V) => unknown, seen: Map<object, unknown>): PlainChild {
  return once(child, seen, (): PlainChild => {
    if (isNode(child)) return { bitmap: child.bitmap, children: child.children.map((c) => plainChild(c, value, seen)) };
    if (isCollision(child)) return { hash: child.hash, entries: child.entries.map((e) => plainChild(e, value, seen) as PlainEntry) };
    return { key: child.key, value: value(child.value), hash: child.hash };
  });
}

function childOf<V>(plain: PlainChild, seen: Map<object, unknown>): Child<V> {
  return once(plain, seen, (): Child<V> => {
    if ('bitmap' in plain) return node<V>(plain.bitmap, plain.children.map((c) => childOf<V>(c, seen)));
    if ('entries' in plain) return { hash: plain.hash, entries: plain.entries.map((e) => childOf<V>(e, seen) as Entry<V>) };
    return { key: plain.key, value: plain.value as V, hash: plain.hash, passedBy: undefined, passed: false };
  });
}

const NONE: readonly never[] = [];

function collect<V>(child: Child<V>, test: (value: V) => boolean): readonly V[] {
  if (isCollision(child)) return child.entries.filter((e) => test(e.value)).map((e) => e.value);
  if (!isNode(child)) {
    if (child.passedBy !== test) {
      child.passed = test(child.value);
      child.passedBy = test;
    }
    return child.passed ? [child.value] : NONE;
  }
  if (child.matchedBy === test) return child.matched!;
  let found: V[] | undefined;
  // Indexed loops: this runs on every version of a schema's relations, often before V8 optimizes it.
  const children = child.children;
  for (let i = 0; i < children.length; i++) {
    const sub = collect(children[i], test);
    for (let k = 0; k < sub.length; k++) (found ??= []).push(sub[k]);
  }
  child.matchedBy = test;
  return (child.matched = found ?? NONE);
}

function insert<V>(child: Child<V>, entry: Entry<V>, depth: number, added: { count: number }): Child<V> {
  if (isNode(child)) {
    const bit = 1 << ((entry.hash >>> (depth * BITS)) & MASK);
    const index = popcount(child.bitmap & (bit - 1));
    const children = child.children.slice();
    if (child.bitmap & bit) children[index] = insert(children[index], entry, depth + 1, added);
    else {
      children.splice(index, 0, entry);
      added.count++;
    }
    return node(child.bitmap | bit, children);
  }
  if (isCollision(child)) {
    const entries = child.entries.filter((e) => e.key !== entry.key);
    if (entries.length === child.entries.length) added.count++;
    return { hash: child.hash, entries: [...entries, entry] };
  }
  if (child.key === entry.key) return entry;
  added.count++;
  if (child.hash === entry.hash || depth >= MAX_DEPTH) return { hash: entry.hash, entries: [child, entry] };
  // Two entries under one slot: push both one level down.
  const split: Node<V> = node(0, []);
  const counted = { count: 0 };
  return insert(insert(split, child, depth, counted), entry, depth, counted);
}

/** The subtree without `key` (known to be present); undefined when nothing is left. A node left with one entry keeps it. */
function remove<V>(child: Child<V>, key: string, hash: number, depth: number): Child<V> | undefined {
  if (isNode(child)) {
    const bit = 1 << ((hash >>> (depth * BITS)) & MASK);
    const index = popcount(child.bitmap & (bit - 1));
    const below = remove(child.children[index], key, hash, depth + 1);
    const children = child.children.slice();
    if (below === undefined) {
      children.splice(index, 1);
      return children.length ? node(child.bitmap & ~bit, children) : undefined;
    }
    children[index] = below;
    return node(child.bitmap, children);
  }
  if (isCollision(child)) {
    const entries = child.entries.filter((e) => e.key !== key);
    return entries.length === 1 ? entries[0] : { hash: child.hash, entries };
  }
  return undefined;
}

/** Adds the keys that differ between two subtrees to `out`; false once `out` holds more than `limit`. */
function diffChildren<V>(a: Child<V> | undefined, b: Child<V> | undefined, out: string[], limit: number): boolean {
  if (a === b) return true;
  if (a && b && isNode(a) && isNode(b)) {
    const bits = a.bitmap | b.bitmap;
    for (let bit = 1, i = 0; i < 32; i++, bit <<= 1) {
      if (!(bits & bit)) continue;
      const ca = a.bitmap & bit ? a.children[popcount(a.bitmap & (bit - 1))] : undefined;
      const cb = b.bitmap & bit ? b.children[popcount(b.bitmap & (bit - 1))] : undefined;
      if (!diffChildren(ca, cb, out, limit)) return false;
    }
    return true;
  }
  if (a && b && !isNode(a) && !isNode(b) && !isCollision(a) && !isCollision(b) && a.key === b.key) {
    if (a.value !== b.value) out.push(a.key);
    return out.length <= limit;
  }
  // Different shapes (an entry against a node, collisions): compare their entries by key.
  const entries = (c: Child<V> | undefined) => new Map(c ? [...walk(c)] : []);
  const ea = entries(a);
  const eb = entries(b);
  for (const [k, v] of ea) if (!eb.has(k) || eb.get(k) !== v) out.push(k);
  for (const k of eb.keys()) if (!ea.has(k)) out.push(k);
  return out.length <= limit;
}

function* walk<V>(child: Child<V>): Generator<[string, V]> {
  if (isNode(child)) for (const c of child.children) yield* walk(c);
  else if (isCollision(child)) for (const e of child.entries) yield [e.key, e.value];
  else yield [child.key, child.value];
}

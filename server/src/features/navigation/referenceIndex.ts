import type { Catalog, DocumentAnalysis, ParsedStatement, Span } from '../../analysis';
import type { Origin } from '../../analysis/types';
import { definitionsOf, definitionsIn, keyParts, observeUses, type Identity, type NameUse } from './namesInDocument';

/**
 * The references index: for each document, every name that resolves to a relation or column, reduced to
 * what Find References compares (where it is, the object's origin and qualified name), derived from the
 * document's analysis and kept while that analysis holds:
 * - per statement, as long as the statement object sees the same session object (an edit re-derives only the
 *   statements the incremental analysis analysed again; a statement the edit moved keeps its names, whose
 *   spans are relative to its anchor);
 * - per file of the project (`ProjectIndex`), as long as its text and the catalog before it are the same.
 * It holds no parse trees, scopes or catalogs: a document's names are a `NameTable` (columns of numbers, keys
 * and origins), and a migration of the history is indexed without remembering anything per statement (its
 * analysis is dropped once its table is built).
 */
export interface IndexedName {
  span: Span;
  /** Where the object was made (an anchored origin moves with its statement: compared when asked). */
  origin?: Origin;
  /** The key's parts (`keyParts`): the relation's `schema.name`, and the column's name for a column. */
  relation: string;
  column?: string;
  definition: boolean;
}

/**
 * A document's indexed names in document order, as columns: spans in one Int32Array, a definition flag per
 * name, the origins (the catalog's own objects) and the key in parts: an index into the document's distinct
 * `schema.relation` strings and the column's name (the catalog's own string), so that no key string is made
 * per name.
 */
export class NameTable {
  private constructor(
    /** start, end of name i at 2i, 2i + 1. */
    private readonly spans: Int32Array,
    private readonly relationOf: Int32Array,
    private readonly relations: readonly string[],
    private readonly columns: readonly (string | undefined)[],
    private readonly origins: readonly (Origin | undefined)[],
    private readonly definitions: Uint8Array,
  ) {}

  /** The names, sorted here by span (start, then end). */
  static of(names: IndexedName[]): NameTable {
    names.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    const spans = new Int32Array(names.length * 2);
    const relationOf = new Int32Array(names.length);
    const definitions = new Uint8Array(names.length);
    const distinct = new Map<string, number>();
    const relations: string[] = [];
    const columns: (string | undefined)[] = [];
    const origins: (Origin | undefined)[] = [];
    names.forEach((n, i) => {
      spans[2 * i] = n.span.start;
      spans[2 * i + 1] = n.span.end;
      definitions[i] = n.definition ? 1 : 0;
      let r = distinct.get(n.relation);
      if (r === undefined) {
        distinct.set(n.relation, (r = relations.length));
        relations.push(n.relation);
      }
      relationOf[i] = r;
      columns.push(n.column);
      origins.push(n.origin);
    });
    return new NameTable(spans, relationOf, relations, columns, origins, definitions);
  }

  get length(): number {
    return this.definitions.length;
  }

  /** Whether name i's key (`keyOf` of its parts) is `key`, without making the string. */
  private keyIs(i: number, key: string): boolean {
    const relation = this.relations[this.relationOf[i]];
    const column = this.columns[i];
    if (column === undefined) return key.length === relation.length + 2 && key.startsWith('r:') && key.endsWith(relation);
    return (
      key.length === relation.length + column.length + 3 &&
      key.startsWith('c:') &&
      key.startsWith(relation, 2) &&
      key.charCodeAt(2 + relation.length) === 46 /* . */ &&
      key.endsWith(column)
    );
  }

  /** The names that are `identity`'s object (the same qualified name, or the same origin), in document order. */
  matching(identity: Identity): { span: Span; definition: boolean }[] {
    const out: { span: Span; definition: boolean }[] = [];
    for (let i = 0; i < this.definitions.length; i++) {
      const origin = this.origins[i];
      if (!(this.keyIs(i, identity.key) || (identity.origin !== undefined && origin !== undefined && `${origin.file}:${origin.span.start}` === identity.origin))) continue;
      out.push({ span: { start: this.spans[2 * i], end: this.spans[2 * i + 1] }, definition: this.definitions[i] === 1 });
    }
    return out;
  }
}

/** A document of the project by its index. */
export interface IndexedDocument {
  file: string;
  names: NameTable;
}

interface RelativeName {
  start: number;
  end: number;
  origin?: Origin;
  relation: string;
  column?: string;
}

const byStatement = new WeakMap<ParsedStatement, { analysedIn: object; file: string; names: RelativeName[] }>();
const byAnalysis = new WeakMap<DocumentAnalysis, { file: string; names: NameTable }>();

/** Statement `i`'s names relative to its anchor, from the cache while its analysis is reused (DocumentAnalysis.analysedIn). */
function statementNames(analysis: DocumentAnalysis, i: number, file: string): RelativeName[] {
  const statement = analysis.parsed.statements[i];
  const analysedIn = analysis.analysedIn[i];
  const cached = byStatement.get(statement);
  if (cached && cached.analysedIn === analysedIn && cached.file === file) return cached.names;
  const anchor = statement.anchor.start;
  const names = compact(observeUses(statement, analysis.sessionBefore(i), i, file)).map(({ span, origin, relation, column }) => ({ start: span.start - anchor, end: span.end - anchor, origin, relation, column }));
  byStatement.set(statement, { analysedIn, file, names });
  return names;
}

function compact(uses: readonly NameUse[]): IndexedName[] {
  const out: IndexedName[] = [];
  for (const use of uses) {
    const parts = keyParts(use.target);
    if (!parts) continue;
    const t = use.target;
    const origin = t.kind === 'relation' ? t.relation.origin : t.kind === 'column' ? t.column.column?.origin : undefined;
    out.push({ span: use.span, origin, relation: `${parts.schema}.${parts.relation}`, column: parts.column, definition: !!use.definition });
  }
  return out;
}

/** Every indexed name of a document (document offsets, in document order). Computed once per analysis. */
export function indexedNames(analysis: DocumentAnalysis, file: string): NameTable {
  const cached = byAnalysis.get(analysis);
  if (cached && cached.file === file) return cached.names;
  const names: IndexedName[] = [];
  analysis.parsed.statements.forEach((statement, i) => {
    const anchor = statement.anchor.start;
    for (const n of statementNames(analysis, i, file)) names.push({ span: { start: n.start + anchor, end: n.end + anchor }, origin: n.origin, relation: n.relation, column: n.column, definition: false });
  });
  names.push(...compact(definitionsOf(analysis, file)));
  const table = NameTable.of(names);
  byAnalysis.set(analysis, { file, names: table });
  return table;
}

/** indexedNames a statement at a time: each `next()` derives one statement's names; the last step the document's. */
export function* indexSteps(analysis: DocumentAnalysis, file: string): Generator<void, NameTable, void> {
  if (!byAnalysis.has(analysis)) yield* statementSteps(analysis, file);
  return indexedNames(analysis, file);
}

/**
 * Each statement's names, a statement at a time, without the document's list: what is worth doing ahead for
 * a document being edited, whose list (all its names, and its definitions) would be made again after each
 * keystroke for a request that may never come. After an edit only the statements analysed again cost anything.
 */
export function* statementSteps(analysis: DocumentAnalysis, file: string): Generator<void, void, void> {
  for (let i = 0; i < analysis.parsed.statements.length; i++) {
    statementNames(analysis, i, file);
    yield;
  }
}

/**
 * The names of a document whose analysis is dropped once they are derived (a migration of the history that
 * no editor has open), a statement per `next()`: nothing is remembered per statement, and each statement's
 * tokens, if finding its names scanned them, and its parse tree (parsed again if the replay let it go) are
 * let go once it is done (the analysis would keep them until the whole file is indexed).
 */
function* historySteps(analysis: DocumentAnalysis, file: string): Generator<void, NameTable, void> {
  const names: IndexedName[] = [];
  const statements = analysis.parsed.statements;
  for (let i = 0; i < statements.length; i++) {
    names.push(...compact(observeUses(statements[i], analysis.sessionBefore(i), i, file)).map((n) => ({ ...n, definition: false })));
    statements[i].releaseTokens();
    statements[i].releaseTree();
    yield;
  }
  names.push(...compact(definitionsIn(analysis, file)));
  return NameTable.of(names);
}

/**
 * The index of every file of a project (the migration history): each file's names kept while its text and
 * the catalog it was analysed against are the same objects. `build` indexes the files statement by statement,
 * so that a caller can spread the work over idle time; `namesOf` answers at once from what is built and
 * finishes a file that is not.
 */
export class ProjectIndex {
  private readonly files = new Map<string, { text: string; catalog: Catalog; names: NameTable }>();
  /** A file whose build was left half-way: its analysis and the steps so far, so that resuming it does not start again. */
  private readonly partial = new Map<string, { text: string; catalog: Catalog; steps: Generator<void, NameTable, void> }>();

  private stepsFor(file: string, text: string, catalog: Catalog, analysis: () => DocumentAnalysis): Generator<void, NameTable, void> {
    const p = this.partial.get(file);
    if (p && p.text === text && p.catalog === catalog) return p.steps;
    const steps = historySteps(analysis(), file);
    this.partial.set(file, { text, catalog, steps });
    return steps;
  }

  /** The file's names, when indexed for this text and catalog. */
  cached(file: string, text: string, catalog: Catalog): NameTable | undefined {
    const entry = this.files.get(file);
    return entry && entry.text === text && entry.catalog === catalog ? entry.names : undefined;
  }

  /**
   * The file's names; `analysis` is asked for only when the index does not hold them. `open`: the analysis is
   * an editor's, which stays, so its names are derived as `indexedNames` does (remembered per statement, for
   * the next edit); else without remembering anything.
   */
  namesOf(file: string, text: string, catalog: Catalog, analysis: () => DocumentAnalysis, open = false): NameTable {
    const cached = this.cached(file, text, catalog);
    if (cached) return cached;
    if (open) return this.store(file, text, catalog, indexedNames(analysis(), file));
    const steps = this.stepsFor(file, text, catalog, analysis);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return this.store(file, text, catalog, step.value);
  }

  private store(file: string, text: string, catalog: Catalog, names: NameTable): NameTable {
    this.files.set(file, { text, catalog, names });
    this.partial.delete(file);
    return names;
  }

  /**
   * Indexes one file that no editor has open a statement at a time: each `next()` derives one statement's
   * names (cheap, so a caller may yield to other work between steps); the last stores the file. Nothing when
   * it is indexed already.
   */
  *build(file: string, text: string, catalog: Catalog, analysis: () => DocumentAnalysis): Generator<void, void, void> {
    if (this.cached(file, text, catalog)) return;
    const steps = this.stepsFor(file, text, catalog, analysis);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        this.store(file, text, catalog, step.value);
        return;
      }
      yield;
      // A request finished it meanwhile (namesOf), or it was started again for another text or catalog.
      if (this.partial.get(file)?.steps !== steps) return;
    }
  }

  /** Keeps only these files (the history after a reload). */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.files.keys()) if (!files.has(file)) this.files.delete(file);
    for (const file of this.partial.keys()) if (!files.has(file)) this.partial.delete(file);
  }
}

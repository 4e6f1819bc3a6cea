import type { Catalog, DocumentAnalysis, ParsedStatement, Span } from '../../analysis';
import type { Origin } from '../../analysis/types';
import { definitionsOf, identityOf, statementUses, type NameUse } from './namesInDocument';

/**
 * The references index: for each document, every name that resolves to a relation or column, reduced to
 * what Find References compares (where it is, the object's origin and qualified name), derived from the
 * document's analysis and kept while that analysis holds:
 * - per statement, as long as the statement object sees the same session object (an edit re-derives only the
 *   statements the incremental analysis analysed again; a statement the edit moved keeps its names, whose
 *   spans are relative to its anchor);
 * - per file of the project (`ProjectIndex`), as long as its text and the catalog before it are the same.
 * It holds no parse trees, scopes or catalogs: a name is a few numbers and a string.
 */
export interface IndexedName {
  span: Span;
  /** Where the object was made (an anchored origin moves with its statement: compared when asked). */
  origin?: Origin;
  /** `r:schema.name` or `c:schema.relation.column`. */
  key: string;
  definition: boolean;
}

/** A document of the project by its index. */
export interface IndexedDocument {
  file: string;
  names: readonly IndexedName[];
}

interface RelativeName {
  start: number;
  end: number;
  origin?: Origin;
  key: string;
}

const byStatement = new WeakMap<ParsedStatement, { analysedIn: object; file: string; names: RelativeName[] }>();
const byAnalysis = new WeakMap<DocumentAnalysis, { file: string; names: IndexedName[] }>();

/** Statement `i`'s names relative to its anchor, from the cache while its analysis is reused (DocumentAnalysis.analysedIn). */
function statementNames(analysis: DocumentAnalysis, i: number, file: string): RelativeName[] {
  const statement = analysis.parsed.statements[i];
  const analysedIn = analysis.analysedIn[i];
  const cached = byStatement.get(statement);
  if (cached && cached.analysedIn === analysedIn && cached.file === file) return cached.names;
  const anchor = statement.anchor.start;
  const names = compact(statementUses(analysis, i, file)).map(({ span, origin, key }) => ({ start: span.start - anchor, end: span.end - anchor, origin, key }));
  byStatement.set(statement, { analysedIn, file, names });
  return names;
}

function compact(uses: readonly NameUse[]): { span: Span; origin?: Origin; key: string; definition: boolean }[] {
  const out: { span: Span; origin?: Origin; key: string; definition: boolean }[] = [];
  for (const use of uses) {
    const identity = identityOf(use.target);
    if (!identity) continue;
    const t = use.target;
    const origin = t.kind === 'relation' ? t.relation.origin : t.kind === 'column' ? t.column.column?.origin : undefined;
    out.push({ span: use.span, origin, key: identity.key, definition: !!use.definition });
  }
  return out;
}

/** Every indexed name of a document (document offsets, in document order). Computed once per analysis. */
export function indexedNames(analysis: DocumentAnalysis, file: string): readonly IndexedName[] {
  const cached = byAnalysis.get(analysis);
  if (cached && cached.file === file) return cached.names;
  const names: IndexedName[] = [];
  analysis.parsed.statements.forEach((statement, i) => {
    const anchor = statement.anchor.start;
    for (const n of statementNames(analysis, i, file)) names.push({ span: { start: n.start + anchor, end: n.end + anchor }, origin: n.origin, key: n.key, definition: false });
  });
  names.push(...compact(definitionsOf(analysis, file)));
  names.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  byAnalysis.set(analysis, { file, names });
  return names;
}

/** indexedNames a statement at a time: each `next()` derives one statement's names; the last step the document's. */
export function* indexSteps(analysis: DocumentAnalysis, file: string): Generator<void, readonly IndexedName[], void> {
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
 * The index of every file of a project (the migration history): each file's names kept while its text and
 * the catalog it was analysed against are the same objects. `build` indexes the files statement by statement,
 * so that a caller can spread the work over idle time; `namesOf` answers at once from what is built and
 * finishes a file that is not.
 */
export class ProjectIndex {
  private readonly files = new Map<string, { text: string; catalog: Catalog; names: readonly IndexedName[] }>();
  /** The analysis of a file whose build was left half-way, so that resuming it does not analyse it again. */
  private readonly partial = new Map<string, { text: string; catalog: Catalog; analysis: DocumentAnalysis }>();

  private analysisFor(file: string, text: string, catalog: Catalog, analysis: () => DocumentAnalysis): DocumentAnalysis {
    const p = this.partial.get(file);
    if (p && p.text === text && p.catalog === catalog) return p.analysis;
    const a = analysis();
    this.partial.set(file, { text, catalog, analysis: a });
    return a;
  }

  /** The file's names, when indexed for this text and catalog. */
  cached(file: string, text: string, catalog: Catalog): readonly IndexedName[] | undefined {
    const entry = this.files.get(file);
    return entry && entry.text === text && entry.catalog === catalog ? entry.names : undefined;
  }

  /** The file's names; `analysis` is asked for only when the index does not hold them. */
  namesOf(file: string, text: string, catalog: Catalog, analysis: () => DocumentAnalysis): readonly IndexedName[] {
    const cached = this.cached(file, text, catalog);
    if (cached) return cached;
    const names = indexedNames(this.analysisFor(file, text, catalog, analysis), file);
    this.files.set(file, { text, catalog, names });
    this.partial.delete(file);
    return names;
  }

  /**
   * Indexes one file a statement at a time: each `next()` derives one statement's names (cheap, so a caller
   * may yield to other work between steps); the last stores the file. Nothing when it is indexed already.
   */
  *build(file: string, text: string, catalog: Catalog, analysis: () => DocumentAnalysis): Generator<void, void, void> {
    if (this.cached(file, text, catalog)) return;
    const a = this.analysisFor(file, text, catalog, analysis);
    yield* indexSteps(a, file);
    this.namesOf(file, text, catalog, () => a);
  }

  /** Keeps only these files (the history after a reload). */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.files.keys()) if (!files.has(file)) this.files.delete(file);
    for (const file of this.partial.keys()) if (!files.has(file)) this.partial.delete(file);
  }
}

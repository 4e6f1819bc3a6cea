import type { DocumentAnalysis } from '../analyzeDocument';
import type { Catalog, Relation } from '../catalog/types';
import { lookupRelation } from '../catalog/lookup';
import { changedRelations } from '../catalog/edit';
import type { Problem, Severity } from '../types';
import { existedBefore } from './existing';
import { RULES, UNUSED_SUPPRESSION } from './registry';
import { severityOf, type RuleSettings } from './settings';
import { findSuppressions, suppressed } from './suppressions';
import type { FileFacts, Finding, Rule, RuleStatement } from './types';

/** What the caller (the workspace) knows about the file beyond its text and catalog. */
export interface RuleOptions {
  /** The document's path, as passed to analyzeDocument (the origins of what it created name it). */
  file: string;
  /** Whether a migration (by path) is still pending: with a database's history, the files not applied yet. */
  pending?: (path: string) => boolean;
  /** Whether the runner runs the file in one transaction (default true; false for a no-transaction marker). */
  inTransaction?: boolean;
  settings?: RuleSettings;
  /** The catalog after the whole history (indexes a later file adds). */
  historyAfter?: Catalog;
  /** The text the migration tool runs (down sections blanked): statements blank there are not checked. */
  forward?: string;
}

interface RememberedFinding {
  rule: Rule;
  severity: Severity;
  /** Span relative to the statement's anchor, so it moves with the statement. */
  finding: Finding;
}

/** A lookup of the file's outcome a stateless rule made for a statement (FileFacts.relationAfter), and what it found. */
interface OutcomeLookup {
  where: 'file' | 'history';
  searchPath: readonly string[] | null;
  schema: string | undefined;
  name: string;
  found: Relation | undefined;
}

/** Per statement object: the stateless rules' findings, and what they were computed from. */
const remembered = new WeakMap<object, Remembered>();

interface Remembered {
  session: unknown;
  index: number;
  context: unknown[];
  lookups: OutcomeLookup[];
  findings: RememberedFinding[];
  /** The file's and the history's outcome the lookups were last found to hold in. */
  heldIn: { file: Catalog; history: Catalog | undefined };
}

export interface RuleFinding {
  rule: Rule;
  severity: Severity;
  finding: Finding;
  /** The statement's index in the document. */
  statement: number;
}

/**
 * Runs every enabled rule over the statements of an analysed document, each against the session it was
 * analysed in. Pure, and cheap next to the analysis (rules read nodes and catalog lookups only). Findings in
 * a statement a suppression comment names are dropped; a suppression that dropped nothing is reported.
 */
export function ruleFindings(analysis: DocumentAnalysis, options: RuleOptions): RuleFinding[] {
  const statements = analysis.parsed.statements;
  const relationAfter = (where: 'file' | 'history', searchPath: readonly string[] | null, schema: string | undefined, name: string) => {
    const catalog = where === 'file' ? analysis.catalogAfter : options.historyAfter;
    const found = catalog && lookupRelation(catalog, searchPath, schema, name);
    return found?.kind === 'found' ? found.relation : undefined;
  };
  const facts: FileFacts = {
    path: options.file,
    existing: (relation) => existedBefore(relation, options.file, options.pending),
    inTransaction: options.inTransaction ?? true,
    statementCount: statements.filter((st) => st.node && !isTransactionControl(st.node)).length,
    catalogAfter: analysis.catalogAfter,
    historyAfter: options.historyAfter,
    relationAfter,
  };
  // Whether a statement's recorded lookups still find what they found. A lookup of a name the file's outcome
  // did not change since they last held (sessionDelta-like: a persistent-map diff) needs no lookup again.
  const heldIn = { file: analysis.catalogAfter, history: options.historyAfter };
  const changedSince = new Map<Catalog, ReadonlySet<string> | undefined>();
  const lookupsHold = (memo: Remembered): boolean => {
    if (!memo.lookups.length) return true;
    let changed: ReadonlySet<string> | undefined;
    if (memo.heldIn.file !== heldIn.file) {
      if (!changedSince.has(memo.heldIn.file)) changedSince.set(memo.heldIn.file, changedRelationNames(memo.heldIn.file, heldIn.file));
      changed = changedSince.get(memo.heldIn.file);
    }
    const holds = memo.lookups.every((l) =>
      (l.where === 'file' ? memo.heldIn.file === heldIn.file || (changed !== undefined && !changed.has(l.name)) : memo.heldIn.history === heldIn.history) ||
      relationAfter(l.where, l.searchPath, l.schema, l.name) === l.found,
    );
    if (holds) memo.heldIn = heldIn;
    return holds;
  };
  // A stateless rule sees only the facts its findings may be reused across: the outcome through lookups
  // the engine records (`lookups`, the current statement's), never whole.
  let lookups: OutcomeLookup[] = [];
  const local = localFacts(facts, (where, searchPath, schema, name) => {
    const found = relationAfter(where, searchPath, schema, name);
    lookups.push({ where, searchPath, schema, name, found });
    return found;
  });
  const enabled = RULES.flatMap((rule) => {
    const severity = severityOf(rule, options.settings);
    return severity === 'off' ? [] : [{ rule, severity, visit: rule.start(rule.stateful ? facts : local) }];
  });
  // Most statements (queries, inserts) interest few rules: each is called for the kinds it names. The
  // stateful ones run on every statement of their kinds; the others only where their findings are not reused.
  type Enabled = (typeof enabled)[number];
  const visitorsOf = new Map<string, { stateful: Enabled[]; stateless: Enabled[] }>();
  const visitorsFor = (kind: string) => {
    let v = visitorsOf.get(kind);
    if (!v) {
      const all = enabled.filter((e) => !e.rule.kinds || e.rule.kinds.includes(kind));
      visitorsOf.set(kind, (v = { stateful: all.filter((e) => e.rule.stateful), stateless: all.filter((e) => !e.rule.stateful) }));
    }
    return v;
  };
  const suppressions = findSuppressions(analysis.parsed.text, statements);
  const out: RuleFinding[] = [];
  const keep = (rule: Rule, severity: Severity, finding: Finding, index: number) => {
    if (!suppressed(suppressions, rule.id, index)) out.push({ rule, severity, finding, statement: index });
  };
  const context = [options.file, facts.inTransaction, options.pending, options.settings];
  // Down sections blanked in what the tool runs: only then can a statement be blank there.
  const forward = options.forward !== undefined && options.forward !== analysis.parsed.text ? options.forward : undefined;
  statements.forEach((statement, index) => {
    const node = statement.node;
    if (!node) return;
    if (forward !== undefined && forward.slice(statement.span.start, statement.span.end).trim() === '') return;
    let kind = '';
    for (kind in node) break;
    const visitors = visitorsFor(kind);
    // The stateless rules' findings of a statement an edit left as it was, analysed in the same session (or
    // in one that differs only in objects it does not name: DocumentAnalysis.analysedIn), with the same facts.
    const start = statement.anchor.start;
    const memo = visitors.stateless.length ? remembered.get(statement) : undefined;
    const analysedIn = analysis.analysedIn[index];
    const hit = !visitors.stateless.length || (memo !== undefined && memo.session === analysedIn && memo.index === index && sameContext(memo.context, context) && lookupsHold(memo));
    if (hit && !visitors.stateful.length) {
      for (const f of memo?.findings ?? []) keep(f.rule, f.severity, { ...f.finding, span: { start: f.finding.span.start + start, end: f.finding.span.end + start } }, index);
      return;
    }
    // The session is built only when a rule that runs reads it (sessionDelta.ts defers those of replayed statements).
    const s = new VisitedStatement(kind, node[kind] ?? {}, statement, analysis, index, facts);
    for (const { rule, severity, visit } of visitors.stateful) visit(s, (finding) => keep(rule, severity, finding, index));
    if (hit) {
      for (const f of memo?.findings ?? []) keep(f.rule, f.severity, { ...f.finding, span: { start: f.finding.span.start + start, end: f.finding.span.end + start } }, index);
      return;
    }
    lookups = [];
    const fresh: RememberedFinding[] = [];
    const localStatement = new VisitedStatement(kind, s.node, statement, analysis, index, local);
    for (const { rule, severity, visit } of visitors.stateless) {
      visit(localStatement, (finding) => {
        fresh.push({ rule, severity, finding: { ...finding, span: { start: finding.span.start - start, end: finding.span.end - start } } });
        keep(rule, severity, finding, index);
      });
    }
    remembered.set(statement, { session: analysedIn, index, context, lookups, findings: fresh, heldIn });
  });
  const unused = severityOf(UNUSED_SUPPRESSION, options.settings);
  if (unused !== 'off') {
    const known = new Set(RULES.map((r) => r.id));
    const off = new Set(RULES.filter((r) => severityOf(r, options.settings) === 'off').map((r) => r.id));
    for (const s of suppressions) {
      const unknown = s.rules.filter((id) => !known.has(id));
      if (unknown.length) {
        out.push({ rule: UNUSED_SUPPRESSION, severity: unused, statement: -1, finding: { span: s.span, message: `unknown rule ${unknown.map((id) => `"${id}"`).join(', ')} in a suppression comment`, hint: `rules: ${[...known].join(', ')}` } });
      } else if (!s.used && !(s.rules.length && s.rules.every((id) => off.has(id)))) {
        const what = s.target === 'file' ? 'this file' : 'the statement after it';
        out.push({ rule: UNUSED_SUPPRESSION, severity: unused, statement: -1, finding: { span: s.span, message: `this suppression suppresses nothing: no finding of ${s.rules.join(', ') || 'any rule'} in ${what}` } });
      }
    }
  }
  return out;
}

/** The rules' findings as problems: the rule id as the code, its docs page linked. */
export function checkRules(analysis: DocumentAnalysis, options: RuleOptions): Problem[] {
  return ruleFindings(analysis, options)
    .map(({ rule, severity, finding }) => ({
      span: finding.span,
      code: rule.id,
      message: finding.message,
      ...(finding.hint ? { hint: finding.hint } : {}),
      severity,
      docs: ruleDocsPath(rule.id),
    }))
    .sort((a, b) => a.span.start - b.span.start);
}

/** The page that explains a rule, relative to SchemaSense's own folder (shipped in the .vsix). */
export function ruleDocsPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/**
 * The facts of a file without its outcome (the catalog after it, the history after it, its number of
 * statements), which it reaches only through recorded lookups: what a stateless rule may read. Reading the rest is a defect of the rule (it must say
 * `stateful`), and fails loudly rather than reusing findings that depend on it.
 */
function localFacts(facts: FileFacts, relationAfter: FileFacts['relationAfter']): FileFacts {
  const local = { path: facts.path, existing: facts.existing, inTransaction: facts.inTransaction, relationAfter } as FileFacts;
  for (const field of ['statementCount', 'catalogAfter', 'historyAfter'] as const) {
    Object.defineProperty(local, field, {
      get: () => {
        throw new Error(`a rule without 'stateful' read the file's ${field}: its findings would be reused after it changed`);
      },
    });
  }
  return local;
}

const isTransactionControl = (node: object) => 'TransactionStmt' in node;

/**
 * The names of the relations that differ between two catalogs (in any schema), when the same schemas exist in
 * both and few differ; undefined otherwise. A lookup of any other name finds the same relation in both.
 */
function changedRelationNames(a: Catalog, b: Catalog): ReadonlySet<string> | undefined {
  // A schema that came or went changes where a name resolves: no shortcut.
  if (a.schemas.size !== b.schemas.size || [...b.schemas.keys()].some((name) => !a.schemas.has(name))) return undefined;
  const changed = changedRelations(a, b, 64);
  return changed && new Set(changed.flatMap((c) => c.keys));
}

const sameContext = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, k) => v === b[k]);

/** A statement as the rules see it; its session is built when a rule reads it. */
class VisitedStatement implements RuleStatement {
  constructor(
    readonly kind: string,
    readonly node: RuleStatement['node'],
    readonly statement: RuleStatement['statement'],
    private readonly analysis: DocumentAnalysis,
    readonly index: number,
    readonly file: FileFacts,
  ) {}

  get session(): RuleStatement['session'] {
    return this.analysis.sessionBefore(this.index);
  }
}

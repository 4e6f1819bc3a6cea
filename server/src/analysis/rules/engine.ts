import type { DocumentAnalysis } from '../analyzeDocument';
import type { Catalog } from '../catalog/types';
import type { Problem, Severity } from '../types';
import { existedBefore } from './existing';
import { RULES, UNUSED_SUPPRESSION } from './registry';
import { severityOf, type RuleSettings } from './settings';
import { findSuppressions, suppressed } from './suppressions';
import type { FileFacts, Finding, Rule } from './types';

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

/** Per statement object: the stateless rules' findings, and what they were computed from. */
const remembered = new WeakMap<object, { session: unknown; index: number; context: unknown[]; findings: RememberedFinding[] }>();

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
  const facts: FileFacts = {
    path: options.file,
    existing: (relation) => existedBefore(relation, options.file, options.pending),
    inTransaction: options.inTransaction ?? true,
    statementCount: statements.filter((st) => st.node && !isTransactionControl(st.node)).length,
    catalogAfter: analysis.catalogAfter,
    historyAfter: options.historyAfter,
  };
  const enabled = RULES.flatMap((rule) => {
    const severity = severityOf(rule, options.settings);
    return severity === 'off' ? [] : [{ rule, severity, visit: rule.start(facts) }];
  });
  // Most statements (queries, inserts) interest few rules: each is called for the kinds it names.
  const everyKind = enabled.filter((e) => !e.rule.kinds);
  const byKind = new Map<string, typeof enabled>();
  for (const e of enabled) for (const k of e.rule.kinds ?? []) byKind.set(k, [...(byKind.get(k) ?? []), e]);
  const suppressions = findSuppressions(analysis.parsed.text, statements);
  const out: RuleFinding[] = [];
  const keep = (rule: Rule, severity: Severity, finding: Finding, index: number) => {
    if (!suppressed(suppressions, rule.id, index)) out.push({ rule, severity, finding, statement: index });
  };
  const context = [options.file, facts.inTransaction, facts.statementCount, facts.catalogAfter, facts.historyAfter, options.pending, options.settings];
  // Down sections blanked in what the tool runs: only then can a statement be blank there.
  const forward = options.forward !== undefined && options.forward !== analysis.parsed.text ? options.forward : undefined;
  const visitorsOf = new Map<string, typeof enabled>();
  statements.forEach((statement, index) => {
    const node = statement.node;
    if (!node) return;
    if (forward !== undefined && forward.slice(statement.span.start, statement.span.end).trim() === '') return;
    const [kind] = Object.keys(node);
    const session = analysis.sessionBefore[index];
    const s = { kind, node: node[kind] ?? {}, statement, session, index, file: facts };
    let visitors = visitorsOf.get(kind);
    if (!visitors) visitorsOf.set(kind, (visitors = [...(byKind.get(kind) ?? []), ...everyKind]));
    // The stateless rules' findings of a statement an edit left as it was, in the same session and file facts.
    const start = statement.anchor.start;
    const memo = remembered.get(statement);
    const hit = memo && memo.session === session && memo.index === index && memo.context.every((v, k) => v === context[k]);
    const fresh: RememberedFinding[] = [];
    for (const { rule, severity, visit } of visitors) {
      if (hit && !rule.stateful) continue;
      visit(s, (finding) => {
        if (!rule.stateful) fresh.push({ rule, severity, finding: { ...finding, span: { start: finding.span.start - start, end: finding.span.end - start } } });
        keep(rule, severity, finding, index);
      });
    }
    if (!hit) remembered.set(statement, { session, index, context, findings: fresh });
    for (const f of hit ? memo!.findings : []) keep(f.rule, f.severity, { ...f.finding, span: { start: f.finding.span.start + start, end: f.finding.span.end + start } }, index);
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

const isTransactionControl = (node: object) => 'TransactionStmt' in node;

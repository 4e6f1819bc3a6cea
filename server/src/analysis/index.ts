/**
 * The analysis core's public surface: plain functions over text and catalogs. No I/O, no LSP types.
 * Call `loadParser()` once (it loads the WASM parser); everything else is synchronous.
 */
export { loadParser } from './parser/pgParser';
export { parseDocument, type ParsedDocument, type ParsedStatement } from './parser/parseDocument';
export { analyzeDocument, observeStatement, type DocumentAnalysis } from './analyzeDocument';
export type { Observation, Session } from './context';
export { buildHistory, type MigrationFile, type MigrationHistory } from './replay/history';
export { emptyCatalog } from './catalog/edit';
export { confirmLater } from './diagnostics/runtime';
export type { Catalog, Column, Relation, ForeignKey, Schema } from './catalog/types';
export type { Problem, Span, Origin, Severity } from './types';
export { checkRules, ruleFindings, ruleDocsPath, isRuleId, RULES, ALL_RULES, RULE_SEVERITIES, type RuleOptions, type RuleSettings, type RuleSeverity, type Rule, type Claim } from './rules';

/** Migration safety rules: locks, rewrites, scans and data loss, judged from the schema at each statement. */
export { checkRules, ruleFindings, ruleDocsPath, type RuleOptions, type RuleFinding } from './engine';
export { RULES, ALL_RULES, UNUSED_SUPPRESSION, isRuleId } from './registry';
export { RULE_SEVERITIES, type RuleSettings } from './settings';
export type { Claim, Finding, LockMode, Rule, RuleSeverity } from './types';

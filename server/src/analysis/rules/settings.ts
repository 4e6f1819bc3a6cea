import type { Rule, RuleSeverity } from './types';

/** Per-rule severities from `.schemasense.json` / the `schemasense.rules` setting: `{ "drop-column": "off" }`. */
export type RuleSettings = Readonly<Record<string, RuleSeverity>>;

export const RULE_SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'information', 'off'];

export function severityOf(rule: Rule, settings: RuleSettings | undefined): RuleSeverity {
  return settings?.[rule.id] ?? rule.defaultSeverity;
}

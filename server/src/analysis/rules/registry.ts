import type { Rule } from './types';
import { indexBlocksWrites } from './indexBlocksWrites';
import { dropIndexBlocksTable } from './dropIndexBlocksTable';
import { concurrentlyInTransaction } from './concurrentlyInTransaction';
import { addColumnNotNullWithoutDefault } from './addColumnNotNullWithoutDefault';
import { addColumnRewrite } from './addColumnRewrite';
import { alterColumnTypeRewrite } from './alterColumnTypeRewrite';
import { setNotNullScan } from './setNotNullScan';
import { constraintWithoutNotValid } from './constraintWithoutNotValid';
import { uniqueConstraintBuildsIndex } from './uniqueConstraintBuildsIndex';
import { validateInSameTransaction } from './validateInSameTransaction';
import { dropColumn } from './dropColumn';
import { dropTable } from './dropTable';
import { truncateTable } from './truncateTable';
import { cascade } from './cascade';
import { renameColumn } from './renameColumn';
import { renameTable } from './renameTable';
import { enumValueUsedInTransaction } from './enumValueUsedInTransaction';
import { foreignKeyWithoutIndex } from './foreignKeyWithoutIndex';
import { preferBigint } from './preferBigint';
import { preferText } from './preferText';
import { preferTimestamptz } from './preferTimestamptz';
import { preferIdentity } from './preferIdentity';
import { requireIfNotExists } from './requireIfNotExists';
import { requireLockTimeout } from './requireLockTimeout';

/** Every migration safety rule, in the order their findings are listed for one statement. */
export const RULES: readonly Rule[] = [
  indexBlocksWrites, dropIndexBlocksTable, concurrentlyInTransaction, addColumnNotNullWithoutDefault, addColumnRewrite,
  alterColumnTypeRewrite, setNotNullScan, constraintWithoutNotValid, uniqueConstraintBuildsIndex, validateInSameTransaction,
  dropColumn, dropTable, truncateTable, cascade, renameColumn, renameTable, enumValueUsedInTransaction, foreignKeyWithoutIndex,
  preferBigint, preferText, preferTimestamptz, preferIdentity, requireIfNotExists, requireLockTimeout,
];

/** Not a check of statements: the engine reports a suppression comment that suppressed nothing, or names no rule. */
export const UNUSED_SUPPRESSION: Rule = {
  id: 'unused-suppression',
  defaultSeverity: 'warning',
  summary: 'a schemasense-ignore comment that suppresses nothing, or names an unknown rule',
  start: () => () => undefined,
};

/** Every id a setting may name. */
export const ALL_RULES: readonly Rule[] = [...RULES, UNUSED_SUPPRESSION];

const IDS = new Set(ALL_RULES.map((r) => r.id));

/** Whether a problem's code is a safety rule's id (not a SQLSTATE). */
export function isRuleId(code: string): boolean {
  return IDS.has(code);
}

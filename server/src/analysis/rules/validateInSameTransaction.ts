import type { LockMode, Rule } from './types';
import { alterCommands, claim, displayName, tableOf } from './facts/tables';
import { nameAfter } from './facts/spans';

/**
 * NOT VALID and VALIDATE CONSTRAINT in the same transaction: the lock ADD CONSTRAINT took is held until
 * COMMIT, so the validation's scan runs under it and NOT VALID gains nothing.
 */
export const validateInSameTransaction: Rule = {
  id: 'validate-in-same-transaction',
  stateful: true,
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID keeps the strong lock through the scan',
  start: (file) => {
    const notValid = new Map<string, LockMode>();
    return (s, report) => {
      const commands = alterCommands(s);
      if (!commands.length || !file.inTransaction) return;
      // Most ALTER TABLEs neither add a constraint NOT VALID nor validate one: no lookup for those.
      if (!commands.some((cmd) => (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.skip_validation) || cmd.subtype === 'AT_ValidateConstraint')) return;
      const table = tableOf(s, s.node.relation);
      if (!table || !file.existing(table)) return;
      const key = (name: string) => `${table.schema}.${table.name}.${name}`;
      for (const cmd of commands) {
        const con = cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : undefined;
        if (con?.skip_validation && con.conname) notValid.set(key(con.conname), con.contype === 'CONSTR_FOREIGN' ? 'ShareRowExclusiveLock' : 'AccessExclusiveLock');
        if (cmd.subtype === 'AT_ValidateConstraint' && notValid.has(key(cmd.name))) {
          report({
            span: nameAfter(s.statement, cmd.name, s.node.relation.location),
            message: `"${cmd.name}" was added NOT VALID earlier in this migration: its lock on ${displayName(table)} is held until COMMIT, so validating it here scans the table under that lock`,
            hint: 'validate the constraint in a later migration (its own transaction)',
            claims: [claim(table, notValid.get(key(cmd.name))!)],
          });
        }
      }
    };
  },
};

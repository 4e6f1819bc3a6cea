import { cardinality, type SchemaModel, type TableModel } from './model';

/**
 * The schema as a mermaid `erDiagram`: one entity per table or view (its columns with PK/FK marks) and
 * one relationship per foreign key, with its cardinality. Names outside `public` keep their schema
 * (`billing__invoices`); characters mermaid does not take in a name become `_`.
 */
export function toMermaid(model: SchemaModel, uniqueKeys: (t: TableModel) => string[][] = (t) => [t.primaryKey]): string {
  const lines = ['erDiagram'];
  for (const t of model.tables) {
    lines.push(`  ${entityName(t.schema, t.name)} {`);
    for (const c of t.columns) {
      const marks = [t.primaryKey.includes(c.name) ? 'PK' : '', t.foreignKeys.some((f) => f.columns.includes(c.name)) ? 'FK' : ''].filter(Boolean).join(', ');
      lines.push(`    ${typeToken(c.type)} ${token(c.name)}${marks ? ` ${marks}` : ''}`);
    }
    lines.push('  }');
  }
  for (const t of model.tables) {
    for (const fk of t.foreignKeys) {
      const { referenced, referencing } = cardinality(t, fk, uniqueKeys);
      const left = referenced === 'one' ? '||' : '|o';
      const right = referencing === 'many' ? 'o{' : 'o|';
      const label = fk.name ?? fk.columns.join(', ');
      lines.push(`  ${entityName(fk.references.schema, fk.references.table)} ${left}--${right} ${entityName(t.schema, t.name)} : "${label.replace(/"/g, "'")}"`);
    }
  }
  return lines.join('\n') + '\n';
}

export function entityName(schema: string, name: string): string {
  return token(schema === 'public' ? name : `${schema}__${name}`);
}

/** A type as mermaid's ER grammar takes it (brackets and parentheses allowed); a view column of unknown type: `unknown`. */
function typeToken(type: string): string {
  if (!type) return 'unknown';
  const t = type.replace(/[^A-Za-z0-9_\-[\]()]/g, '_');
  return /^[A-Za-z_]/.test(t) ? t : `_${t}`;
}

/** A word mermaid's ER grammar accepts: letters, digits, `_` and `-`, not starting with a digit. */
function token(text: string): string {
  const t = text.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(t) ? t : `_${t}`;
}

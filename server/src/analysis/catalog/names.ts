/** Identifier rules of Postgres that every layer needs. */

/** A name as Postgres prints it in messages: quoted only when folding would change it. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name`, or `name` when the schema is the default one. */
export function qualifiedName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

import type { CursorContext } from './cursorContext';

const STATEMENT_START = [
  'SELECT', 'INSERT INTO', 'UPDATE', 'DELETE FROM', 'WITH', 'CREATE TABLE', 'CREATE VIEW', 'CREATE OR REPLACE VIEW',
  'CREATE MATERIALIZED VIEW', 'CREATE INDEX', 'CREATE UNIQUE INDEX', 'CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION',
  'CREATE TRIGGER', 'CREATE POLICY', 'CREATE TYPE', 'CREATE SCHEMA', 'CREATE EXTENSION', 'ALTER TABLE', 'DROP TABLE',
  'DROP VIEW', 'DROP INDEX', 'COMMENT ON', 'GRANT', 'REVOKE', 'BEGIN', 'COMMIT', 'DO',
];
const AFTER_FROM_ITEM = [
  'WHERE', 'JOIN', 'LEFT JOIN', 'INNER JOIN', 'RIGHT JOIN', 'FULL JOIN', 'CROSS JOIN', 'ON', 'USING', 'GROUP BY',
  'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'UNION', 'UNION ALL', 'AS', 'LATERAL',
];
const EXPRESSION = [
  'AND', 'OR', 'NOT', 'IS NULL', 'IS NOT NULL', 'IN', 'EXISTS', 'BETWEEN', 'LIKE', 'ILIKE', 'CASE', 'WHEN', 'THEN',
  'ELSE', 'END', 'DISTINCT', 'AS', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'ASC', 'DESC', 'NULLS FIRST',
  'NULLS LAST', 'COALESCE', 'NULLIF', 'GREATEST', 'LEAST', 'CAST', 'TRUE', 'FALSE', 'NULL', 'OVER', 'PARTITION BY',
  'FILTER', 'RETURNING', 'SET', 'VALUES', 'DEFAULT', 'ON CONFLICT', 'DO NOTHING', 'DO UPDATE SET',
];

/** The keywords that fit where the cursor stands. */
export function keywordsFor(context: CursorContext, before: readonly string[]): string[] {
  switch (context.kind) {
    case 'statementStart':
      return STATEMENT_START;
    case 'relation':
      return ['LATERAL', 'ONLY'];
    case 'member':
    case 'insertColumns':
    case 'referencedColumns':
      return [];
    default: {
      const inFrom = before.lastIndexOf('from') > Math.max(before.lastIndexOf('where'), before.lastIndexOf('select'));
      return inFrom ? AFTER_FROM_ITEM : EXPRESSION;
    }
  }
}

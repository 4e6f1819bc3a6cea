/**
 * Postgres's condition names of the SQLSTATEs SchemaSense reports (PostgreSQL docs, Appendix A), for
 * SARIF rule names. A code missing here still gets a rule, without a name.
 */
export const SQLSTATE_NAMES: Readonly<Record<string, string>> = {
  '0A000': 'feature_not_supported',
  '2BP01': 'dependent_objects_still_exist',
  '3F000': 'invalid_schema_name',
  '42501': 'insufficient_privilege',
  '42601': 'syntax_error',
  '42611': 'invalid_column_definition',
  '42701': 'duplicate_column',
  '42702': 'ambiguous_column',
  '42703': 'undefined_column',
  '42704': 'undefined_object',
  '42710': 'duplicate_object',
  '42712': 'duplicate_alias',
  '42723': 'duplicate_function',
  '42725': 'ambiguous_function',
  '42803': 'grouping_error',
  '42804': 'datatype_mismatch',
  '42809': 'wrong_object_type',
  '42830': 'invalid_foreign_key',
  '42883': 'undefined_function',
  '42P01': 'undefined_table',
  '42P02': 'undefined_parameter',
  '42P06': 'duplicate_schema',
  '42P07': 'duplicate_table',
  '42P09': 'ambiguous_alias',
  '42P10': 'invalid_column_reference',
  '42P13': 'invalid_function_definition',
  '42P16': 'invalid_table_definition',
  '42P17': 'invalid_object_definition',
};

export const ERRCODES_URL = 'https://www.postgresql.org/docs/current/errcodes-appendix.html';

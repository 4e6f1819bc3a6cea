/**
 * Columns of the built-in functions most used in FROM. A function not listed here (or a user function
 * returning a record type) has columns we do not know, and its FROM item is open.
 * `null` marks a scalar-returning function: its one column is named after the alias or the function.
 */
export const SET_RETURNING_FUNCTIONS: ReadonlyMap<string, readonly string[] | null> = new Map<string, readonly string[] | null>([
  ['generate_series', null], ['unnest', null], ['generate_subscripts', null], ['regexp_split_to_table', null], ['string_to_table', null],
  ['jsonb_array_elements_text', null], ['json_array_elements_text', null], ['jsonb_object_keys', null],
  ['json_object_keys', null], ['regexp_matches', null], ['jsonb_path_query', null], ['now', null],
  ['jsonb_each', ['key', 'value']], ['json_each', ['key', 'value']], ['jsonb_each_text', ['key', 'value']],
  ['json_each_text', ['key', 'value']], ['jsonb_array_elements', ['value']], ['json_array_elements', ['value']],
]);

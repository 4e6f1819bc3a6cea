import * as fs from 'fs';
import * as path from 'path';

/**
 * The story both editor suites tell on examples/sample-project (test/e2e on screen, test/vscode through
 * the VS Code API): 015 joins api_keys on a customer_id it does not have.
 */
export const MIGRATIONS = 'database/migrations';
export const FILE_015 = `${MIGRATIONS}/015_add_credits_to_customer_stats.sql`;
export const BAD_JOIN = 'LEFT JOIN api_keys ak ON c.id = ak.customer_id';
export const HINT = 'api_keys has no customer_id; it reaches customers through api_clients';
export const SUBQUERY_FIX = 'Join api_keys through api_clients (subquery)';
export const EXTRA_JOIN_FIX = 'Join api_keys through api_clients (extra join)';
/** api_keys as of 015: created in 003, token_hash renamed in 007, last_used_at added in 013. */
export const API_KEYS_COLUMNS = ['api_client_id', 'created_at', 'id', 'last_used_at', 'prefix', 'revoked_at', 'scopes', 'secret_hash'];

/** A new migration for Run Migration: correct, and with an error only Postgres sees (types, not names). */
export const FILE_016 = `${MIGRATIONS}/016_add_expires_at_to_api_keys.sql`;
export const ADD_EXPIRY = "ALTER TABLE api_keys ADD COLUMN expires_at timestamptz DEFAULT now() + interval '90 days';\n";
export const ADD_EXPIRY_BROKEN = 'ALTER TABLE api_keys ADD COLUMN expires_at timestamptz DEFAULT now() + 90;\n';
export const BROKEN_ERROR = /operator does not exist: timestamp with time zone \+ integer/;

/** Run Migration replays the history into the embedded database first: give 015 the fix a user would make. */
export function fixHistory(folder: string): void {
  const file = path.join(folder, FILE_015);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(BAD_JOIN, 'LEFT JOIN api_keys ak ON ak.api_client_id = ac.id'));
}

/** Checks that a saved 015 differs from `before` only in the joined relation, now a subquery through api_clients. */
export function assertSubqueryFix(before: string, after: string): void {
  const [head, tail] = before.split('api_keys ak ON c.id = ak.customer_id');
  if (!after.startsWith(head) || !after.endsWith(tail)) throw new Error(`the fix changed more than the join:\n${after}`);
  const join = after.slice(head.length, after.length - tail.length);
  const ok =
    /^\(\s*SELECT\b[\s\S]*\) ak ON c\.id = ak\.customer_id$/.test(join) &&
    /\b(FROM|JOIN) api_keys\b/.test(join) &&
    /\b(FROM|JOIN) api_clients\b/.test(join);
  if (!ok) throw new Error(`the join is not a subquery through api_clients under the alias ak:\n${join}`);
}

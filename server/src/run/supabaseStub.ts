/**
 * What a Supabase project's database has before the project's own migrations run, in as much as migrations
 * reference it: the API roles, the `auth`, `storage` and `extensions` schemas, `auth.users`, the `auth.uid()`
 * family, and pgcrypto / uuid-ossp in `extensions`. The embedded databases (verification shadow, embedded run
 * target) start from it in a Supabase project, so that `GRANT ... TO authenticated` or
 * `REFERENCES auth.users` are not reported as errors the real project never has. Idempotent.
 */

/** Schemas the stub stands in for: an error about their content says nothing about the migration. */
export const STUB_SCHEMAS: readonly string[] = ['auth', 'storage', 'extensions'];

/** Extensions the stub creates (they must be loaded into PGlite). */
export const STUB_EXTENSIONS: readonly string[] = ['pgcrypto', 'uuid-ossp'];

export const SUPABASE_STUB = `
DO $$ DECLARE r text; BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin',
                           'supabase_auth_admin', 'supabase_storage_admin', 'dashboard_user'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN EXECUTE format('CREATE ROLE %I NOLOGIN', r); END IF;
  END LOOP;
  EXECUTE format('ALTER DATABASE %I SET search_path TO public, extensions', current_database());
END $$;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS storage;
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
SET search_path TO public, extensions;
CREATE TABLE IF NOT EXISTS auth.users (
  id uuid PRIMARY KEY, email text, phone text, role text, raw_user_meta_data jsonb, raw_app_meta_data jsonb,
  created_at timestamptz DEFAULT now(), updated_at timestamptz
);
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $f$;
CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('request.jwt.claim.role', true), '')::text $f$;
CREATE OR REPLACE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('request.jwt.claim.email', true), '')::text $f$;
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE
  AS $f$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $f$;
CREATE TABLE IF NOT EXISTS storage.buckets (
  id text PRIMARY KEY, name text NOT NULL, owner uuid, public boolean DEFAULT false, file_size_limit bigint,
  allowed_mime_types text[], created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now()
);
CREATE TABLE IF NOT EXISTS storage.objects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), bucket_id text REFERENCES storage.buckets (id), name text, owner uuid,
  metadata jsonb, path_tokens text[], created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
  last_accessed_at timestamptz DEFAULT now()
);
CREATE OR REPLACE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE sql IMMUTABLE
  AS $f$ SELECT (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1] $f$;
`;

/** A Supabase project: its migrations live in supabase/migrations, or they use its roles or auth schema. */
export function looksLikeSupabase(files: readonly { path: string; text: string }[]): boolean {
  return files.some(
    (f) =>
      /[\\/]supabase[\\/]migrations[\\/]/.test(f.path) ||
      /\bauth\s*\.\s*(?:uid|users|jwt|role|email)\b|\b(?:authenticated|service_role)\b/i.test(f.text),
  );
}

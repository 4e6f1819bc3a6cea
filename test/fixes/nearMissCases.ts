import * as path from 'path';
import { repoRoot } from '../postgres/parityFormat';

const FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'fixes');

/**
 * The near-miss cases of issue 13, and the other preferred fix kinds, each a statement in a project of
 * test/fixtures/fixes: what is reported, which fixes the lightbulb holds (the preferred one first-marked),
 * and, for a preferred fix, a hand-written reference the fixed statement must match on PostgreSQL.
 */
export interface NearMissCase {
  name: string;
  /** The project (copied before anything writes to it). */
  root: string;
  /** The migration file the statement is written to, relative to the root. */
  file: string;
  text: string;
  code: string;
  message: string;
  hint: string;
  /** Titles of the fixes, in order; the preferred one (if any) named by `preferred`. */
  titles: string[];
  preferred?: string;
  /** Why `--fix` leaves the first fix when none is preferred. */
  left?: string;
  /** The fixed text, by the preferred fix (else the first). */
  fixed: string;
  /** What the preferred fix must give on PostgreSQL after the project's schema and seed. */
  postgres?: {
    /** Files that run first (the history up to the file), then the seed file if any. */
    schema: string[];
    seed?: string;
    /** A query whose rows after the fixed statement ran must equal `reference`'s (the fixed statement's own rows when absent). */
    probe?: string;
    reference: string;
  };
}

const nearMisses = path.join(FIXTURES, 'near-misses');
const prisma = path.join(FIXTURES, 'prisma-model');
const schema = [path.join(nearMisses, 'migrations', '001_schema.sql')];
const seed = path.join(nearMisses, 'seed.sql');

export const NEAR_MISS_CASES: NearMissCase[] = [
  {
    name: 'a Prisma model name where its @@map table is meant',
    root: prisma,
    file: 'prisma/migrations/20240102000000_nickname/migration.sql',
    text: 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n',
    code: '42P01',
    message: 'relation "User" does not exist',
    hint: 'Perhaps you meant relation "users": the Prisma model User is mapped to it.',
    titles: ['Change to `"users"`'],
    preferred: 'Change to `"users"`',
    fixed: 'ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\n',
    postgres: {
      schema: [path.join(prisma, 'prisma', 'migrations', '20240101000000_init', 'migration.sql')],
      probe: "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
      reference: "VALUES ('id'), ('email'), ('nickname')",
    },
  },
  {
    name: 'a misspelled column of CREATE INDEX',
    root: nearMisses,
    file: 'migrations/002_near_miss.sql',
    text: 'CREATE INDEX coupons_code ON "coupons" ("cod");\n',
    code: '42703',
    message: 'column "cod" does not exist',
    hint: 'Perhaps you meant code.',
    // `id` is two edits from `cod` too: offered, not preferred.
    titles: ['Change to `"code"`', 'Change to `"id"`'],
    preferred: 'Change to `"code"`',
    fixed: 'CREATE INDEX coupons_code ON "coupons" ("code");\n',
    postgres: {
      schema,
      seed,
      probe: "SELECT indexdef FROM pg_indexes WHERE indexname = 'coupons_code'",
      reference: "SELECT 'CREATE INDEX coupons_code ON public.coupons USING btree (code)'",
    },
  },
  {
    name: 'a column of the wrong table that another table in scope has',
    root: nearMisses,
    file: 'migrations/002_near_miss.sql',
    text: 'SELECT m.user_id FROM team_members m JOIN profiles p ON p.id = m.profile_id;\n',
    code: '42703',
    message: 'column m.user_id does not exist',
    hint: 'Perhaps you meant to reference the column "p.user_id".',
    titles: ['Change to `p.user_id`'],
    left: "reads another relation's column",
    fixed: 'SELECT p.user_id FROM team_members m JOIN profiles p ON p.id = m.profile_id;\n',
  },
  {
    name: 'an unknown trigger function with a near name an earlier migration defined',
    root: nearMisses,
    file: 'migrations/002_near_miss.sql',
    text: 'CREATE TRIGGER teams_touch BEFORE UPDATE ON teams FOR EACH ROW EXECUTE FUNCTION public.touch_update_at();\n',
    code: '42883',
    message: 'function public.touch_update_at() does not exist',
    hint: 'Perhaps you meant touch_updated_at.',
    titles: ['Change to `touch_updated_at`'],
    preferred: 'Change to `touch_updated_at`',
    fixed: 'CREATE TRIGGER teams_touch BEFORE UPDATE ON teams FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();\n',
    postgres: {
      schema,
      seed,
      probe: "UPDATE teams SET name = name || '!' WHERE id <= 2 RETURNING id, updated_at IS NOT NULL AS touched",
      reference: 'VALUES (1, true), (2, true)',
    },
  },
  {
    name: 'a misspelled qualified column in a query',
    root: nearMisses,
    file: 'migrations/002_near_miss.sql',
    text: 'SELECT c.cdoe, c.percent FROM coupons c;\n',
    code: '42703',
    message: 'column c.cdoe does not exist',
    hint: 'Perhaps you meant c.code.',
    titles: ['Change to `code`'],
    preferred: 'Change to `code`',
    fixed: 'SELECT c.code, c.percent FROM coupons c;\n',
    postgres: { schema, seed, reference: 'SELECT code, percent FROM coupons' },
  },
  {
    name: 'a misspelled table in a query',
    root: nearMisses,
    file: 'migrations/002_near_miss.sql',
    text: 'SELECT code FROM cuopons WHERE percent > 10;\n',
    code: '42P01',
    message: 'relation "cuopons" does not exist',
    hint: 'Perhaps you meant relation "coupons".',
    titles: ['Change to `coupons`'],
    preferred: 'Change to `coupons`',
    fixed: 'SELECT code FROM coupons WHERE percent > 10;\n',
    postgres: { schema, seed, reference: "SELECT 'SPRING'" },
  },
];

/**
 * Pairs of schema.prisma + migrations, one per kind of drift: a project whose first migration is what
 * `prisma migrate dev` wrote for `SCHEMA`, then an edit of schema.prisma or a hand-written migration.
 */
import * as path from 'path';
import { analyzeDocument, emptyCatalog, type Catalog } from '../../../server/src/analysis';
import { compareCatalogs, driftProblems, unmanagedObjects, unmanagedProblems, type Drift, type DriftProblem, type ReplayedMigration, type UnmanagedProblem } from '../../../server/src/analysis/drift';
import { prismaSchemaOf } from '../../../server/src/sources/prisma';

export const SCHEMA = `datasource db {
  provider = "postgresql"
}

enum Role {
  USER
  ADMIN
}

model User {
  id      Int      @id @default(autoincrement())
  email   String   @unique
  role    Role     @default(USER)
  profile Profile?
  posts   Post[]
}

model Profile {
  id     Int     @id @default(autoincrement())
  bio    String?
  userId Int     @unique @map("user_id")
  user   User    @relation(fields: [userId], references: [id])

  @@map("profiles")
}

model Post {
  id        Int      @id @default(autoincrement())
  title     String
  createdAt DateTime @default(now())
  authorId  Int
  author    User     @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
`;

/** What Prisma Migrate writes for SCHEMA from an empty database (its section comments and spellings). */
export const INIT = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profiles" (
    "id" SERIAL NOT NULL,
    "bio" TEXT,
    "user_id" INTEGER NOT NULL,

    CONSTRAINT "profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "profiles_user_id_key" ON "profiles"("user_id");

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

-- AddForeignKey
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
`;

export interface DriftCase {
  name: string;
  schema: string;
  /** Migrations after INIT. */
  migrations: string[];
  /** `kind table.object` of each drift, in the order compareCatalogs reports them. */
  drifts: string[];
  /** Problems as `file:line: message` (file: `schema.prisma`, or the migration's number, 0 = INIT). */
  problems: string[];
  /** Information notes on what schema.prisma cannot declare and Migrate keeps, as `problems` are written. */
  notes?: string[];
  /** Lines the migration that ends the drift must contain. */
  sql: string[];
}

const field = (model: string, add: string) => SCHEMA.replace(new RegExp(`(model ${model} \\{\\n)`), `$1  ${add}\n`);

export const CASES: DriftCase[] = [
  { name: 'no drift', schema: SCHEMA, migrations: [], drifts: [], problems: [], sql: ['-- This is an empty migration.'] },
  {
    name: 'a field no migration creates',
    schema: SCHEMA.replace('  bio    String?\n', '  bio    String?\n  website String? @db.VarChar(200)\n'),
    migrations: [],
    drifts: ['column missing profiles.website'],
    problems: [
      'schema.prisma:21: no migration leaves column `profiles.website`; the next `prisma migrate dev` will add it',
    ],
    sql: ['-- AlterTable', 'ALTER TABLE "profiles" ADD COLUMN     "website" VARCHAR(200);'],
  },
  {
    name: 'a migration drops a column schema.prisma still declares',
    schema: SCHEMA,
    migrations: ['-- AlterTable\nALTER TABLE "profiles" DROP COLUMN "bio";\n'],
    drifts: ['column missing profiles.bio'],
    problems: [
      'schema.prisma:20: no migration leaves column `profiles.bio`; the next `prisma migrate dev` will add it',
      '1:1: schema.prisma still has `Profile.bio` → column `profiles.bio`: this statement drops or renames it; the next `prisma migrate dev` will add it again',
    ],
    sql: ['ALTER TABLE "profiles" ADD COLUMN     "bio" TEXT;'],
  },
  {
    name: 'a migration renames a column (the rename heuristic)',
    schema: SCHEMA,
    migrations: ['ALTER TABLE "profiles" RENAME COLUMN "bio" TO "about";\n'],
    drifts: ['column renamed profiles.about→bio'],
    problems: [
      'schema.prisma:20: the migrations have `profiles.about` where schema.prisma declares `profiles.bio` (both text): a rename? the next `prisma migrate dev` would drop `about` and add `bio`, losing its data',
      '1:0: schema.prisma still has `Profile.bio` → column `profiles.bio`: this statement renames or drops it (the migrations leave `about` of the same type); the next `prisma migrate dev` would drop `about` and add `bio`, losing its data',
    ],
    sql: ['-- RenameColumn', 'ALTER TABLE "profiles" RENAME COLUMN "about" TO "bio";'],
  },
  {
    name: 'a migration retypes a column',
    schema: SCHEMA,
    migrations: ['ALTER TABLE "Post" ALTER COLUMN "title" TYPE VARCHAR(100);\n'],
    drifts: ['column type Post.title'],
    problems: [
      'schema.prisma:29: the migrations leave `Post.title` as `character varying(100)`, schema.prisma declares `text`; the next `prisma migrate dev` will change its type',
      '1:0: schema.prisma still has `Post.title` → `Post.title` as `text`: this statement makes it `character varying(100)`; the next `prisma migrate dev` will change it back',
    ],
    sql: ['ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE TEXT;'],
  },
  {
    name: 'nullability and default differ',
    schema: SCHEMA,
    migrations: ['ALTER TABLE "Post" ALTER COLUMN "title" DROP NOT NULL;\nALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT \'ADMIN\';\n'],
    drifts: ['column nullability Post.title', 'column default User.role'],
    problems: [
      'schema.prisma:29: the migrations leave `Post.title` nullable, schema.prisma declares it required; the next `prisma migrate dev` will make it NOT NULL',
      '1:0: schema.prisma still has `Post.title` → `Post.title` NOT NULL: this statement makes it nullable; the next `prisma migrate dev` will make it NOT NULL again',
      'schema.prisma:13: the migrations leave `User.role` with default `\'ADMIN\'`, schema.prisma declares default `\'USER\'::"Role"`; the next `prisma migrate dev` will change it',
      '1:1: schema.prisma still has `User.role` → `User.role` with default `\'USER\'::"Role"`: this statement leaves it with default `\'ADMIN\'`; the next `prisma migrate dev` will change it back',
    ],
    sql: ['ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT \'USER\';', 'ALTER TABLE "Post" ALTER COLUMN "title" SET NOT NULL;'],
  },
  {
    name: 'a migration adds a column and a table schema.prisma does not know',
    schema: SCHEMA,
    migrations: ['ALTER TABLE "User" ADD COLUMN "legacy" TEXT;\nCREATE TABLE "audit" ("at" TIMESTAMPTZ NOT NULL);\n'],
    drifts: ['column extra User.legacy', 'table extra audit'],
    problems: [
      'schema.prisma:10: the migrations leave column `User.legacy`, which schema.prisma does not declare; the next `prisma migrate dev` will drop it',
      '1:0: schema.prisma has no field for column `User.legacy`; the next `prisma migrate dev` will drop it',
      '1:1: schema.prisma has no model for table `audit`; the next `prisma migrate dev` will drop it',
    ],
    sql: ['ALTER TABLE "User" DROP COLUMN "legacy";', '-- DropTable', 'DROP TABLE "audit";', '  - You are about to drop the `audit` table. If the table is not empty, all the data it contains will be lost.'],
  },
  {
    name: 'a model no migration creates, with an implicit many-to-many relation',
    schema: SCHEMA.replace('  @@index([authorId])\n', '  tags      Tag[]\n\n  @@index([authorId])\n') + '\nmodel Tag {\n  id    Int    @id @default(autoincrement())\n  name  String @unique\n  posts Post[]\n}\n',
    migrations: [],
    drifts: ['table missing _PostToTag', 'table missing Tag'],
    problems: [
      'schema.prisma:39: no migration leaves table `Tag`; the next `prisma migrate dev` will create it',
    ],
    sql: [
      'CREATE TABLE "_PostToTag" (',
      '    CONSTRAINT "_PostToTag_AB_pkey" PRIMARY KEY ("A","B")',
      'CREATE INDEX "_PostToTag_B_index" ON "_PostToTag"("B");',
      'CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");',
      'ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;',
    ],
  },
  {
    name: 'a hand-written partial index, an expression index and CHECK constraints (Migrate keeps them: notes, no drift)',
    schema: SCHEMA,
    migrations: [
      'CREATE INDEX "post_live_title" ON "Post"("title") WHERE "title" <> \'\';\nCREATE INDEX "user_email_lower" ON "User"(lower("email"));\n' +
        'ALTER TABLE "Post" ADD CONSTRAINT "title_not_blank" CHECK ("title" <> \'\');\nALTER TABLE "profiles" ADD CHECK (length("bio") < 500);\n',
    ],
    drifts: [],
    problems: [],
    notes: [
      '1:0: schema.prisma cannot declare this partial index: the next `prisma migrate dev` keeps `post_live_title` on `Post` (Prisma Migrate leaves partial and expression indexes alone)',
      '1:1: schema.prisma cannot declare this expression index: the next `prisma migrate dev` keeps `user_email_lower` on `User` (Prisma Migrate leaves partial and expression indexes alone)',
      '1:2: schema.prisma cannot declare CHECK constraints: the next `prisma migrate dev` keeps `title_not_blank` on `Post` (Prisma Migrate neither writes nor drops them)',
      '1:3: schema.prisma cannot declare CHECK constraints: the next `prisma migrate dev` keeps this CHECK constraint on `profiles` (Prisma Migrate neither writes nor drops them)',
    ],
    sql: ['-- This is an empty migration.'],
  },
  {
    name: 'a hand-written plain index schema.prisma does not declare (Migrate drops it)',
    schema: SCHEMA,
    migrations: ['CREATE INDEX "post_title" ON "Post"("title");\n'],
    drifts: ['index extra Post.post_title'],
    problems: [
      'schema.prisma:27: the migrations leave index `post_title` (title) on `Post`, which schema.prisma does not declare; the next `prisma migrate dev` will drop it',
      '1:0: schema.prisma does not declare index `post_title` (title); the next `prisma migrate dev` will drop `post_title`',
    ],
    sql: ['-- DropIndex', 'DROP INDEX "post_title";'],
  },
  {
    name: 'an index, a renamed index, a dropped unique index',
    schema: SCHEMA.replace('  @@index([authorId])\n', '  @@index([authorId])\n  @@index([createdAt])\n'),
    migrations: ['ALTER INDEX "Post_authorId_idx" RENAME TO "post_author";\nDROP INDEX "User_email_key";\n'],
    drifts: ['index renamed Post.post_author→Post_authorId_idx', 'index missing Post.Post_createdAt_idx', 'index missing User.User_email_key'],
    problems: [
      'schema.prisma:27: the migrations name the index (authorId) of `Post` `post_author`, Prisma names it `Post_authorId_idx`; the next `prisma migrate dev` will rename it',
      '1:0: Prisma names this index `Post_authorId_idx`; the next `prisma migrate dev` will rename `post_author`',
      'schema.prisma:27: no migration leaves index `Post_createdAt_idx` (createdAt) on `Post`; the next `prisma migrate dev` will create it',
      'schema.prisma:10: no migration leaves unique index `User_email_key` (email) on `User`; the next `prisma migrate dev` will create it',
      '1:1: schema.prisma still has `User` → unique index `User_email_key` (email) on `User`: this statement drops it; the next `prisma migrate dev` will create it again',
    ],
    sql: ['CREATE UNIQUE INDEX "User_email_key" ON "User"("email");', 'CREATE INDEX "Post_createdAt_idx" ON "Post"("createdAt");', '-- RenameIndex', 'ALTER INDEX "post_author" RENAME TO "Post_authorId_idx";'],
  },
  {
    name: 'a dropped foreign key and primary key',
    schema: SCHEMA,
    migrations: ['ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";\nALTER TABLE "Post" DROP CONSTRAINT "Post_pkey";\n'],
    drifts: ['primary key Post', 'foreign key missing Post.authorId'],
    problems: [
      'schema.prisma:27: the migrations leave `Post` with primary key none, schema.prisma declares (id); the next `prisma migrate dev` will change it',
      '1:1: schema.prisma still has `Post` → the primary key (id) of `Post`: this statement changes or drops it; the next `prisma migrate dev` will put it back',
      'schema.prisma:27: no migration leaves the foreign key (authorId) → User(id) on `Post`; the next `prisma migrate dev` will add it',
      '1:0: schema.prisma still has `Post` → the foreign key (authorId) → User(id) on `Post`: this statement drops it; the next `prisma migrate dev` will add it again',
    ],
    sql: ['ALTER TABLE "Post" ADD CONSTRAINT "Post_pkey" PRIMARY KEY ("id");', 'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;'],
  },
  {
    name: 'enum values, a new enum, an enum schema.prisma does not know',
    schema: field('User', 'status Status?').replace('  ADMIN\n', '  ADMIN\n  GUEST\n') + '\nenum Status {\n  ACTIVE\n  BANNED\n}\n',
    migrations: ["CREATE TYPE \"Mood\" AS ENUM ('happy');\n"],
    drifts: ['column missing User.status', 'enum missing Status', 'enum values Role', 'enum extra Mood'],
    problems: [
      'schema.prisma:12: no migration leaves column `User.status`; the next `prisma migrate dev` will add it',
      'schema.prisma:39: no migration leaves enum `Status`; the next `prisma migrate dev` will create it',
      'schema.prisma:5: the migrations leave enum `Role` with (USER, ADMIN); the next `prisma migrate dev` will add `GUEST`',
      '1:0: schema.prisma has no enum `Mood`; the next `prisma migrate dev` will drop it',
    ],
    sql: ["CREATE TYPE \"Status\" AS ENUM ('ACTIVE', 'BANNED');", "ALTER TYPE \"Role\" ADD VALUE 'GUEST';", 'ALTER TABLE "User" ADD COLUMN     "status" "Status";', '-- DropEnum', 'DROP TYPE "Mood";'],
  },
];

export interface CaseResult {
  declared: Catalog;
  migrated: Catalog;
  drifts: Drift[];
  problems: DriftProblem[];
  notes: UnmanagedProblem[];
  history: ReplayedMigration[];
}

export const SCHEMA_FILE = path.resolve('/project/prisma/schema.prisma');
export const migrationFile = (i: number) => path.resolve(`/project/prisma/migrations/${String(i).padStart(2, '0')}_m/migration.sql`);

/** The case's drift, computed as the workspace does: migrations replayed on an empty catalog. Needs loadParser(). */
export function runCase(schema: string, migrations: readonly string[]): CaseResult {
  const prisma = prismaSchemaOf([SCHEMA_FILE], [['schema.prisma', schema]], {}, { indexes: true });
  if (prisma.problems.length) throw new Error(prisma.problems.join('\n'));
  let catalog = emptyCatalog();
  const history: ReplayedMigration[] = [INIT, ...migrations].map((text, i) => {
    const analysis = analyzeDocument(text, catalog, migrationFile(i));
    if (analysis.problems.length) throw new Error(JSON.stringify(analysis.problems));
    catalog = analysis.catalogAfter;
    return { file: migrationFile(i), analysis };
  });
  const drifts = compareCatalogs(prisma.catalog, catalog);
  const problems = driftProblems(drifts, prisma.catalog, history, (o) => schema.slice(o.span.start, o.span.end));
  return { declared: prisma.catalog, migrated: catalog, drifts, problems, notes: unmanagedProblems(unmanagedObjects(prisma.catalog, catalog), history), history };
}

/** `kind table.object` of a drift, as the cases list them. */
export function driftLabel(d: Drift): string {
  const t = 'table' in d ? d.table : '';
  switch (d.kind) {
    case 'table missing':
    case 'table extra':
    case 'primary key':
      return `${d.kind} ${t}`;
    case 'column missing':
    case 'column type':
    case 'column nullability':
    case 'column default':
      return `${d.kind} ${t}.${d.declared.name}`;
    case 'column extra':
      return `${d.kind} ${t}.${d.migrated.name}`;
    case 'column renamed':
      return `${d.kind} ${t}.${d.migrated.name}→${d.declared.name}`;
    case 'index missing':
      return `${d.kind} ${t}.${d.declared.name}`;
    case 'index extra':
      return `${d.kind} ${t}.${d.migrated.name}`;
    case 'index renamed':
      return `${d.kind} ${t}.${d.migrated.name}→${d.declared.name}`;
    case 'foreign key missing':
      return `${d.kind} ${t}.${d.declared.columns.join(',')}`;
    case 'foreign key extra':
      return `${d.kind} ${t}.${d.migrated.columns.join(',')}`;
    case 'enum missing':
    case 'enum values':
      return `${d.kind} ${d.declared.name}`;
    case 'enum extra':
      return `${d.kind} ${d.migrated.name}`;
  }
}

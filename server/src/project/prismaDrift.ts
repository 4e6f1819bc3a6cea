import * as path from 'path';
import { analyzeDocument, emptyCatalog, type Catalog, type DocumentAnalysis } from '../analysis';
import { compareCatalogs, driftProblems, prismaMigrationSql, unmanagedObjects, unmanagedProblems, type Drift, type DriftProblem, type ReplayedMigration, type UnmanagedProblem } from '../analysis/drift';
import { prismaSchemaOf } from '../sources/prisma';
import { scanBlocks } from '../sources/prisma/blocks';

/**
 * schema.prisma held against the project's Prisma migrations (`migrations/<name>/migration.sql`), with
 * no database: the migrations replayed on an empty catalog, compared with the catalog schema.prisma maps
 * to (analysis/drift). Replays incrementally: a file is analysed again only when its text or what it sees
 * changed.
 */
export interface PrismaDriftReport {
  schemaFiles: readonly string[];
  /** The Prisma migration files, in order. */
  migrations: readonly string[];
  /** Where a new migration goes: the folder holding the migration folders. */
  migrationsFolder: string;
  drifts: Drift[];
  problems: DriftProblem[];
  /** Information notes on what the migrations add that schema.prisma cannot declare and Migrate keeps (CHECK constraints, partial and expression indexes). */
  notes: UnmanagedProblem[];
  /** The migration `prisma migrate dev` would write (with renames for what looks renamed). */
  sql: string;
}

export interface DriftInputs {
  /** The schema files (absolute) and their texts (open editors' texts where open). */
  schema: { file: string; text: string }[];
  /** The Prisma migration files in order, with their texts. */
  migrations: { file: string; text: string }[];
  env: Record<string, string | undefined>;
  root: string;
}

/** A Prisma migration: `<folder>/migrations/<name>/migration.sql`. */
export function isPrismaMigration(file: string): boolean {
  return /[\\/]migrations[\\/][^\\/]+[\\/]migration\.sql$/.test(file);
}

/** `relationMode = "prisma"` in a datasource block: Migrate writes no foreign keys. */
export function prismaRelationMode(text: string): boolean {
  // Read from the text itself (blocks.ts's code-only copy blanks the string): a commented-out line starts with `//`.
  return scanBlocks(text).some((b) => b.keyword === 'datasource' && /^[ \t]*relationMode[ \t]*=[ \t]*"prisma"/m.test(text.slice(b.bodyStart, b.end)));
}

export class PrismaDrift {
  private replayed: { text: string; before: Catalog; analysis: DocumentAnalysis; file: string }[] = [];
  private last?: { key: string; report: PrismaDriftReport };

  report(inputs: DriftInputs): PrismaDriftReport | undefined {
    if (!inputs.schema.length || !inputs.migrations.length) return undefined;
    const key = JSON.stringify([inputs.schema, inputs.migrations.map((m) => m.file), inputs.env.DATABASE_URL]);
    if (this.last?.key === key && this.sameTexts(inputs)) return this.last.report;
    const history = this.replay(inputs.migrations);
    const prisma = prismaSchemaOf(inputs.schema.map((s) => s.file), inputs.schema.map((s) => [path.relative(inputs.root, s.file) || path.basename(s.file), s.text]), inputs.env, { indexes: true });
    if (prisma.provider !== undefined && !/^postgres(ql)?$/.test(prisma.provider)) return undefined;
    const migrated = history.length ? (history[history.length - 1].analysis.catalogAfter) : emptyCatalog();
    const drifts = compareCatalogs(prisma.catalog, migrated, { foreignKeys: !inputs.schema.some((s) => prismaRelationMode(s.text)) });
    const texts = new Map(inputs.schema.map((s) => [s.file, s.text]));
    const problems = driftProblems(drifts, prisma.catalog, history, (o) => texts.get(o.file)?.slice(o.span.start, o.span.end));
    const report: PrismaDriftReport = {
      schemaFiles: inputs.schema.map((s) => s.file),
      migrations: inputs.migrations.map((m) => m.file),
      migrationsFolder: path.dirname(path.dirname(inputs.migrations[0].file)),
      drifts,
      problems,
      notes: unmanagedProblems(unmanagedObjects(prisma.catalog, migrated), history),
      sql: prismaMigrationSql(drifts, prisma.catalog),
    };
    this.last = { key, report };
    return report;
  }

  private sameTexts(inputs: DriftInputs): boolean {
    return inputs.migrations.length === this.replayed.length && inputs.migrations.every((m, i) => this.replayed[i].text === m.text && this.replayed[i].file === m.file);
  }

  /** Each file analysed on the catalog the files before it leave; unchanged files with an unchanged catalog are reused. */
  private replay(files: { file: string; text: string }[]): ReplayedMigration[] {
    let catalog = emptyCatalog();
    const next: typeof this.replayed = [];
    for (let i = 0; i < files.length; i++) {
      const old = this.replayed[i];
      const reuse = old && old.file === files[i].file && old.text === files[i].text && old.before === catalog;
      const analysis = reuse ? old.analysis : analyzeDocument(files[i].text, catalog, files[i].file);
      next.push({ text: files[i].text, before: catalog, analysis, file: files[i].file });
      catalog = analysis.catalogAfter;
    }
    this.replayed = next;
    return next.map(({ file, analysis }) => ({ file, analysis }));
  }
}

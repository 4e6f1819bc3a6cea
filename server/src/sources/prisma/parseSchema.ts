import { blank, blockAttribute, codeOnly, connectionLines, ignoreAttributes, scanBlocks, unsupportedFields, type PrismaBlock } from './blocks';
import { getDatamodel, getDatasource, lint, type Datamodel, type DatasourceConfig, type SchemaFiles } from './prismaWasm';

/**
 * A Prisma schema (one file or several) parsed by Prisma's own parser, for Prisma 5/6 and 7 alike, and
 * never failing: what has errors is left out and reported, the rest is used.
 */

export interface UnsupportedField {
  name: string;
  type: string;
  nullable: boolean;
  list: boolean;
}

export interface ParsedPrismaSchema {
  datamodel: Datamodel;
  datasource?: DatasourceConfig;
  /** Names of `view` blocks (the DMMF lists them among the models). */
  views: ReadonlySet<string>;
  /** `@@schema` of each enum that has one (the DMMF does not say). */
  enumSchemas: ReadonlyMap<string, string>;
  /** `Unsupported("...")` fields by model name (the DMMF leaves them out). */
  unsupported: ReadonlyMap<string, UnsupportedField[]>;
  /** The datasource's `url` as written (Prisma 5/6): `env("DATABASE_URL")` or a quoted URL. */
  url?: string;
  /** What could not be used, one line each: `schema.prisma:12: <Prisma's message>`. */
  problems: string[];
}

const MAX_REPAIRS = 12;

/**
 * An ignored model needs no unique criteria, but Prisma rejects the same model once `@@ignore` is gone:
 * such a model gets this field in its place (removed again in toCatalog.ts) so that it validates.
 */
export const STAND_IN_ID = 'schemasense_stand_in_id';

export function parsePrismaSchema(input: SchemaFiles): ParsedPrismaSchema {
  const views = new Set<string>();
  const enumSchemas = new Map<string, string>();
  const unsupported = new Map<string, UnsupportedField[]>();
  let url: string | undefined;
  const files: SchemaFiles = input.map(([name, original]) => {
    const code = codeOnly(original);
    // What is replaced, applied in one pass at the end (the offsets are the original's).
    const edits: { start: number; end: number; with?: string }[] = [];
    for (const block of scanBlocks(original, code)) {
      if (block.keyword === 'view') views.add(block.name);
      if (block.keyword === 'enum') {
        const schema = blockAttribute(original, code, block, 'schema');
        if (schema) enumSchemas.set(block.name, schema);
      }
      if (block.keyword === 'model' || block.keyword === 'view') {
        const fields = unsupportedFields(original, code, block);
        if (fields.length) unsupported.set(block.name, fields);
        // Ignored models and fields still have their tables and columns: let the DMMF list them.
        const unique = /@@?(id|unique)\b/.test(code.slice(block.bodyStart, block.end));
        for (const a of ignoreAttributes(code, block)) {
          const standIn = !unique && original.startsWith('@@', a.start);
          edits.push(standIn ? { ...a, with: `${STAND_IN_ID} Int @id` } : a);
        }
      }
      if (block.keyword === 'datasource') {
        // Prisma 7 rejects these lines, Prisma 5/6 needs them; the schema's meaning does not depend on them.
        for (const line of connectionLines(original, code, block)) {
          if (line.key === 'url') url ??= line.value;
          edits.push(line);
        }
      }
    }
    return [name, applyEdits(original, edits)];
  });

  // A schema that validates needs no repair (and no lint: get_datamodel validates it as lint does, and
  // each call parses the whole schema again).
  let problems: string[] = [];
  let datamodel: Datamodel | undefined = tryDatamodel(files);
  if (!datamodel) {
    problems = repair(files);
    try {
      datamodel = getDatamodel(files);
    } catch (e) {
      problems.push(`the schema could not be read: ${(e as Error).message.trim()}`);
    }
  }
  let datasource: DatasourceConfig | undefined;
  try {
    datasource = getDatasource(configBlocks(files));
  } catch {
    // Its errors are already among the problems.
  }
  return { datamodel: datamodel ?? { models: [], enums: [] }, datasource, views, enumSchemas, unsupported, url, problems };
}

/**
 * Blanks what Prisma reports as an error until the schema validates: the erroneous line inside a block,
 * or the whole block when the error is on its header or the line holds a brace. Returns the errors,
 * each once, as `file:line: message`.
 */
function repair(files: SchemaFiles): string[] {
  const problems: string[] = [];
  for (let round = 0; round < MAX_REPAIRS; round++) {
    let errors;
    try {
      errors = lint(files).filter((d) => !d.is_warning);
    } catch (e) {
      problems.push(`the schema could not be checked: ${(e as Error).message.trim()}`);
      return problems;
    }
    if (errors.length === 0) return problems;
    let changed = false;
    for (const error of errors) {
      const file = files.find(([name]) => name === error.file_name);
      if (!file) continue;
      const text = file[1];
      const line = text.slice(0, error.start).split('\n').length;
      const message = `${error.file_name}:${line}: ${error.text}`;
      if (!problems.includes(message)) problems.push(message);
      const next = blankAround(text, error.start, error.end, scanBlocks(text));
      if (next !== text) {
        file[1] = next;
        changed = true;
      }
    }
    if (!changed) return problems;
  }
  return problems;
}

function tryDatamodel(files: SchemaFiles): Datamodel | undefined {
  try {
    return getDatamodel(files);
  } catch {
    return undefined;
  }
}

/** The datasource and generator blocks alone: all the configuration depends on, a fraction of the text to parse. */
function configBlocks(files: SchemaFiles): SchemaFiles {
  return files.map(([name, text]) => [
    name,
    scanBlocks(text)
      .filter((b) => b.keyword === 'datasource' || b.keyword === 'generator')
      .map((b) => text.slice(b.start, b.end))
      .join('\n'),
  ]);
}

/** `text` with each [start, end) (in order, not overlapping) replaced by `with`, else blanked. */
function applyEdits(text: string, edits: { start: number; end: number; with?: string }[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(from, e.start), e.with ?? blank(text.slice(e.start, e.end), 0, e.end - e.start));
    from = e.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function blankAround(text: string, start: number, end: number, blocks: PrismaBlock[]): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', Math.max(end - 1, start));
  const lineEnd = newline < 0 ? text.length : newline;
  const block = blocks.find((b) => b.start <= start && start < b.end);
  if (!block) return blank(text, lineStart, lineEnd);
  const lines = text.slice(lineStart, lineEnd);
  if (start < block.bodyStart || /[{}]/.test(lines) || end > block.end) return blank(text, block.start, block.end);
  return blank(text, lineStart, lineEnd);
}

/**
 * Prisma's own schema parser (`@prisma/prisma-schema-wasm`, the engine prisma-fmt and the CLI use),
 * loaded on first use: a project without schema.prisma never pays for its 3 MB of WASM. In the bundle
 * the WASM file sits next to dist/server.js (scripts/bundle.js copies it).
 */

/** A schema as Prisma takes it: `[file name, text]` per file. */
export type SchemaFiles = [string, string][];

export interface LintDiagnostic {
  file_name: string;
  /** Offsets into that file's text. */
  start: number;
  end: number;
  text: string;
  is_warning: boolean;
}

/** The parts of Prisma's DMMF datamodel we read. */
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationName?: string | null;
  relationFromFields?: string[];
  relationToFields?: string[];
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
  uniqueFields: string[][];
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
}

export interface DatasourceConfig {
  provider: string;
  /** `schemas = [...]` (multi-schema), empty when absent. */
  schemas: string[];
}

interface PrismaSchemaWasm {
  lint(input: string): string;
  get_datamodel(params: string): string;
  get_config(params: string): string;
}

let wasm: PrismaSchemaWasm | undefined;
let lastPanic: string | undefined;

function engine(): PrismaSchemaWasm {
  if (!wasm) {
    // A Rust panic inside the WASM reports its message here before it traps.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = { set_message: (m: string) => void (lastPanic = m) };
    wasm = require('@prisma/prisma-schema-wasm') as PrismaSchemaWasm;
  }
  return wasm;
}

/** Runs one engine call; a panic or an error becomes an Error with Prisma's message, without terminal colours. */
function call<T>(run: (w: PrismaSchemaWasm) => string): T {
  lastPanic = undefined;
  try {
    return JSON.parse(run(engine())) as T;
  } catch (e) {
    const raw = lastPanic ?? (e as Error).message ?? String(e);
    let message = raw;
    try {
      message = (JSON.parse(raw) as { message?: string }).message ?? raw;
    } catch {
      // Not JSON: the panic text itself.
    }
    throw new Error(message.replace(/\u001b\[[0-9;]*m/g, ''));
  }
}

export function lint(files: SchemaFiles): LintDiagnostic[] {
  return call((w) => w.lint(JSON.stringify(files)));
}

export function getDatamodel(files: SchemaFiles): Datamodel {
  // The DMMF's datamodel alone: get_dmmf would also describe the generated client (its JSON is ~35 times larger).
  return call<Datamodel>((w) => w.get_datamodel(JSON.stringify({ prismaSchema: files })));
}

/** The first datasource, or undefined when the schema has none. */
export function getDatasource(files: SchemaFiles): DatasourceConfig | undefined {
  const result = call<{ config: { datasources: { provider: string; schemas?: string[] }[] } }>((w) =>
    w.get_config(JSON.stringify({ prismaSchema: files, datasourceOverrides: {}, ignoreEnvVarErrors: true, env: {} })),
  );
  const ds = result.config.datasources[0];
  return ds && { provider: ds.provider, schemas: ds.schemas ?? [] };
}

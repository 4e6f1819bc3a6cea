import type { Catalog, Column, Index, Relation } from '../catalog/types';
import { qualifiedName } from '../catalog/names';
import type { Origin, Problem } from '../types';
import type { Drift } from './findings';
import { locateDrift, type ReplayedMigration } from './locate';

/** The code of every drift diagnostic (not a SQLSTATE: no statement fails; the two descriptions disagree). */
export const DRIFT_CODE = 'prisma-drift';

export interface DriftProblem {
  /** schema.prisma (the declaring file) or a migration file, as the origins and the history name them. */
  file: string;
  problem: Problem;
  drift: Drift;
}

const NEXT = 'the next `prisma migrate dev`';

/**
 * Each drift in words, where it lives: on the schema.prisma declaration it concerns (the model, field or
 * enum; a table schema.prisma does not know has none), and on the migration statement that drops,
 * renames or changes what schema.prisma declares, or that makes what it does not know. `text(origin)` reads a
 * declaration's name from schema.prisma (`Profile`, `bio`), for messages in Prisma's names too.
 */
export function driftProblems(drifts: readonly Drift[], declared: Catalog, history: readonly ReplayedMigration[], text: (o: Origin) => string | undefined = () => undefined): DriftProblem[] {
  const out: DriftProblem[] = [];
  for (const drift of drifts) {
    const declaredTable = 'table' in drift ? declared.schemas.get(drift.schema)?.relations.get(drift.table) : undefined;
    const prisma = prismaNames(drift, declaredTable, text);
    const words = describe(drift);
    const at = declarationOrigin(drift, declaredTable);
    if (at && words.prisma) out.push({ file: at.file, drift, problem: problem(at.span, words.prisma) });
    const source = locateDrift(drift, history);
    if (source && (source.role === 'undoes' ? words.undoes : words.made)) {
      const message = source.role === 'undoes' ? `schema.prisma still has ${prisma ? `\`${prisma}\` → ` : ''}${words.object}: this statement ${words.undoes}; ${words.fix}` : words.made;
      out.push({ file: source.file, drift, problem: problem(source.span, message) });
    }
  }
  return out;
}

function problem(span: { start: number; end: number }, message: string): Problem {
  return { span, code: DRIFT_CODE, message, severity: 'warning' };
}

function declarationOrigin(d: Drift, table: Relation | undefined): Origin | undefined {
  switch (d.kind) {
    case 'table missing':
      return d.declared.origin;
    case 'column missing':
    case 'column renamed':
    case 'column type':
    case 'column nullability':
    case 'column default':
      return d.declared.origin ?? table?.origin;
    case 'enum missing':
    case 'enum values':
      return d.declared.origin;
    case 'table extra':
    case 'enum extra':
      return undefined;
    default:
      return table?.origin;
  }
}

function prismaNames(d: Drift, table: Relation | undefined, text: (o: Origin) => string | undefined): string | undefined {
  const model = table?.origin && text(table.origin);
  if ('declared' in d && d.declared && 'type' in d.declared && 'nullable' in d.declared) {
    const field = (d.declared as Column).origin && text((d.declared as Column).origin!);
    return model && field ? `${model}.${field}` : undefined;
  }
  if (d.kind === 'enum missing' || d.kind === 'enum values') return d.declared.origin && text(d.declared.origin);
  return model;
}

const code = (s: string) => `\`${s}\``;
const list = (columns: readonly string[]) => `(${columns.join(', ')})`;
const indexWords = (i: Index) => `${i.unique ? 'unique index' : 'index'} ${code(i.name)} ${list(i.columns.map((c) => c || '(expression)'))}`;
const nullability = (c: Column) => (c.nullable ? 'nullable' : 'NOT NULL');
const defaultWords = (c: Column) => (c.default === undefined ? 'no default' : `default ${code(c.default)}`);

interface Words {
  /** On the schema.prisma declaration. */
  prisma: string;
  /** The object in database names, for "schema.prisma still has …". */
  object: string;
  /** What the statement did to it. */
  undoes: string;
  /** What migrate dev will do about it. */
  fix: string;
  /** On the migration statement that made what schema.prisma does not declare. */
  made: string;
}

function describe(d: Drift): Words {
  const t = 'table' in d ? qualifiedName(d.schema, d.table) : '';
  switch (d.kind) {
    case 'table missing':
      return {
        prisma: `no migration leaves table ${code(t)}; ${NEXT} will create it`,
        object: `table ${code(t)}`,
        undoes: 'drops or renames it',
        fix: `${NEXT} will create it again`,
        made: '',
      };
    case 'table extra':
      return { prisma: '', object: '', undoes: '', fix: '', made: `schema.prisma has no model for table ${code(t)}; ${NEXT} will drop it` };
    case 'column missing':
      return {
        prisma: `no migration leaves column ${code(`${t}.${d.declared.name}`)}; ${NEXT} will add it`,
        object: `column ${code(`${t}.${d.declared.name}`)}`,
        undoes: 'drops or renames it',
        fix: `${NEXT} will add it again`,
        made: '',
      };
    case 'column extra':
      return {
        prisma: `the migrations leave column ${code(`${t}.${d.migrated.name}`)}, which schema.prisma does not declare; ${NEXT} will drop it`,
        object: '', undoes: '', fix: '',
        made: `schema.prisma has no field for column ${code(`${t}.${d.migrated.name}`)}; ${NEXT} will drop it`,
      };
    case 'column renamed': {
      const words = `the migrations have ${code(`${t}.${d.migrated.name}`)} where schema.prisma declares ${code(`${t}.${d.declared.name}`)} (both ${d.declared.type}): a rename? ${NEXT} would drop ${code(d.migrated.name)} and add ${code(d.declared.name)}, losing its data`;
      return {
        prisma: words,
        object: `column ${code(`${t}.${d.declared.name}`)}`,
        undoes: `renames or drops it (the migrations leave ${code(d.migrated.name)} of the same type)`,
        fix: `${NEXT} would drop ${code(d.migrated.name)} and add ${code(d.declared.name)}, losing its data`,
        made: words,
      };
    }
    case 'column type':
      return {
        prisma: `the migrations leave ${code(`${t}.${d.declared.name}`)} as ${code(d.migrated.type)}, schema.prisma declares ${code(d.declared.type)}; ${NEXT} will change its type`,
        object: `${code(`${t}.${d.declared.name}`)} as ${code(d.declared.type)}`,
        undoes: `makes it ${code(d.migrated.type)}`,
        fix: `${NEXT} will change it back`,
        made: `this makes ${code(`${t}.${d.declared.name}`)} ${code(d.migrated.type)}; schema.prisma declares ${code(d.declared.type)}: ${NEXT} will change its type`,
      };
    case 'column nullability':
      return {
        prisma: `the migrations leave ${code(`${t}.${d.declared.name}`)} ${nullability(d.migrated)}, schema.prisma declares it ${d.declared.nullable ? 'optional' : 'required'}; ${NEXT} will make it ${nullability(d.declared)}`,
        object: `${code(`${t}.${d.declared.name}`)} ${nullability(d.declared)}`,
        undoes: `makes it ${nullability(d.migrated)}`,
        fix: `${NEXT} will make it ${nullability(d.declared)} again`,
        made: `this makes ${code(`${t}.${d.declared.name}`)} ${nullability(d.migrated)}; schema.prisma declares it ${d.declared.nullable ? 'optional' : 'required'}: ${NEXT} will make it ${nullability(d.declared)}`,
      };
    case 'column default':
      return {
        prisma: `the migrations leave ${code(`${t}.${d.declared.name}`)} with ${defaultWords(d.migrated)}, schema.prisma declares ${defaultWords(d.declared)}; ${NEXT} will change it`,
        object: `${code(`${t}.${d.declared.name}`)} with ${defaultWords(d.declared)}`,
        undoes: `leaves it with ${defaultWords(d.migrated)}`,
        fix: `${NEXT} will change it back`,
        made: `this leaves ${code(`${t}.${d.declared.name}`)} with ${defaultWords(d.migrated)}; schema.prisma declares ${defaultWords(d.declared)}: ${NEXT} will change it`,
      };
    case 'primary key': {
      const key = (k?: readonly string[]) => (k ? list(k) : 'none');
      return {
        prisma: `the migrations leave ${code(t)} with primary key ${key(d.migrated)}, schema.prisma declares ${key(d.declared)}; ${NEXT} will change it`,
        object: `the primary key ${key(d.declared)} of ${code(t)}`,
        undoes: 'changes or drops it',
        fix: `${NEXT} will put it back`,
        made: `this gives ${code(t)} the primary key ${key(d.migrated)}; schema.prisma declares ${key(d.declared)}: ${NEXT} will change it`,
      };
    }
    case 'index missing':
      return {
        prisma: `no migration leaves ${indexWords(d.declared)} on ${code(t)}; ${NEXT} will create it`,
        object: `${indexWords(d.declared)} on ${code(t)}`,
        undoes: 'drops it',
        fix: `${NEXT} will create it again`,
        made: '',
      };
    case 'index extra':
      // Partial and expression indexes are not drifts (Migrate keeps them: unmanaged.ts).
      return {
        prisma: `the migrations leave ${indexWords(d.migrated)} on ${code(t)}, which schema.prisma does not declare; ${NEXT} will drop it`,
        object: '', undoes: '', fix: '',
        made: `schema.prisma does not declare ${indexWords(d.migrated)}; ${NEXT} will drop ${code(d.migrated.name)}`,
      };
    case 'index renamed':
      return {
        prisma: `the migrations name the index ${list(d.declared.columns)} of ${code(t)} ${code(d.migrated.name)}, Prisma names it ${code(d.declared.name)}; ${NEXT} will rename it`,
        object: '', undoes: '', fix: '',
        made: `Prisma names this index ${code(d.declared.name)}; ${NEXT} will rename ${code(d.migrated.name)}`,
      };
    case 'foreign key missing': {
      const fk = `foreign key ${list(d.declared.columns)} → ${qualifiedName(d.declared.refSchema, d.declared.refTable)}${list(d.declared.refColumns)}`;
      return {
        prisma: `no migration leaves the ${fk} on ${code(t)}; ${NEXT} will add it`,
        object: `the ${fk} on ${code(t)}`,
        undoes: 'drops it',
        fix: `${NEXT} will add it again`,
        made: '',
      };
    }
    case 'foreign key extra': {
      const fk = `foreign key ${list(d.migrated.columns)} → ${qualifiedName(d.migrated.refSchema, d.migrated.refTable)}${list(d.migrated.refColumns)}`;
      return {
        prisma: `the migrations leave the ${fk} on ${code(t)}, which schema.prisma does not declare; ${NEXT} will drop it`,
        object: '', undoes: '', fix: '',
        made: `schema.prisma declares no relation for this ${fk}; ${NEXT} will drop it`,
      };
    }
    case 'enum missing':
      return {
        prisma: `no migration leaves enum ${code(qualifiedName(d.schema, d.declared.name))}; ${NEXT} will create it`,
        object: `enum ${code(qualifiedName(d.schema, d.declared.name))}`,
        undoes: 'drops or renames it',
        fix: `${NEXT} will create it again`,
        made: '',
      };
    case 'enum extra':
      return { prisma: '', object: '', undoes: '', fix: '', made: `schema.prisma has no enum ${code(qualifiedName(d.schema, d.migrated.name))}; ${NEXT} will drop it` };
    case 'enum values': {
      const added = d.declared.values.filter((v) => !d.migrated.values.includes(v));
      const removed = d.migrated.values.filter((v) => !d.declared.values.includes(v));
      const change = [added.length ? `add ${added.map(code).join(', ')}` : '', removed.length ? `remove ${removed.map(code).join(', ')}` : ''].filter(Boolean).join(' and ');
      return {
        prisma: `the migrations leave enum ${code(qualifiedName(d.schema, d.declared.name))} with (${d.migrated.values.join(', ')}); ${NEXT} will ${change}`,
        object: `enum ${code(qualifiedName(d.schema, d.declared.name))} with (${d.declared.values.join(', ')})`,
        undoes: `leaves it with (${d.migrated.values.join(', ')})`,
        fix: `${NEXT} will ${change}`,
        made: `this leaves enum ${code(qualifiedName(d.schema, d.declared.name))} with (${d.migrated.values.join(', ')}); schema.prisma declares (${d.declared.values.join(', ')}): ${NEXT} will ${change}`,
      };
    }
  }
}

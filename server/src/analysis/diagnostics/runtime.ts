import type { Catalog } from '../catalog/types';
import type { Problem } from '../types';

/**
 * A problem PostgreSQL finds only when the code runs (a PL/pgSQL body, a trigger firing): a warning, since
 * the CREATE itself is accepted, with Postgres's SQLSTATE and wording and a note saying when it happens.
 */
export function whenRun(p: Problem, when: string, stillWrongIn?: (later: Catalog) => boolean, accepted = 'the CREATE'): Problem {
  const note = `PostgreSQL accepts ${accepted} and raises this ${when}.`;
  return { ...p, severity: 'warning', hint: p.hint ? `${p.hint} ${note}` : note, ...(stillWrongIn ? { stillWrongIn } : {}) };
}

/**
 * The problems that remain once the rest of the history is known: a runtime problem is kept only when it
 * is still wrong in every catalog given (the catalog after the document, the one after the whole history).
 */
export function confirmLater(problems: readonly Problem[], laters: readonly Catalog[]): Problem[] {
  return problems.filter((p) => !p.stillWrongIn || laters.every((c) => p.stillWrongIn!(c)));
}

/** One recheck per catalog, shared by the problems of one statement. */
export function memoByCatalog<T>(compute: (catalog: Catalog) => T): (catalog: Catalog) => T {
  const cache = new WeakMap<Catalog, T>();
  return (catalog) => {
    if (!cache.has(catalog)) cache.set(catalog, compute(catalog));
    return cache.get(catalog)!;
  };
}

import type { DocumentAnalysis, Span } from '../../analysis';
import { quoteIdent } from '../../analysis/catalog/names';
import { outputAliasAt } from './outputAlias';
import { localSpans, useAt } from './references';

export type RenameCheck =
  | { ok: true; span: Span; name: string }
  | { ok: false; reason: string };

/**
 * Whether the name at an offset can be renamed here: an alias, a CTE or an output alias (outputAlias.ts),
 * whose uses all live in its statement. A table or column is refused: it was made by a migration that has already run somewhere,
 * and history is not rewritten (a new migration with `ALTER TABLE … RENAME …` does that).
 */
export function prepareRename(analysis: DocumentAnalysis, file: string, offset: number): RenameCheck {
  const output = outputAliasAt(analysis, file, offset);
  if (output && !output.ok) return output;
  if (output) {
    const span = output.alias.spans.find((s) => s.span.start <= offset && offset <= s.span.end)!.span;
    return { ok: true, span, name: analysis.parsed.text.slice(span.start, span.end) };
  }
  const at = useAt({ file, analysis }, offset);
  const t = at?.target;
  if (!at || !t) return { ok: false, reason: 'Only an alias, a CTE name or an output alias can be renamed here.' };
  if (t.kind === 'relation' || t.kind === 'column') {
    const what = t.kind === 'relation' ? `${t.relation.kind} ${t.relation.name}` : `column ${t.column.name}`;
    return { ok: false, reason: `The ${what} is defined by the migration history, which is not rewritten: rename it with ALTER TABLE … RENAME in a new migration (the code action "Rename … in a new migration" writes one).` };
  }
  if (t.kind === 'alias' && t.item.relation && !t.item.relname) {
    return { ok: false, reason: `\`${t.item.refname}\` is the ${t.item.relation.kind}'s own name here, not an alias: history is not rewritten.` };
  }
  const span = localSpans({ file, analysis }, at).find((s) => s.span.start <= offset && offset <= s.span.end)?.span ?? at.span;
  return { ok: true, span, name: analysis.parsed.text.slice(span.start, span.end) };
}

export interface RenameResult {
  edits: { span: Span; newText: string }[];
  error?: string;
}

/** The edits that rename the alias, CTE or output alias at `offset` to `newName`, in its statement only. */
export function rename(analysis: DocumentAnalysis, file: string, offset: number, newName: string): RenameResult {
  const check = prepareRename(analysis, file, offset);
  if (!check.ok) return { edits: [], error: check.reason };
  const name = newName.trim().replace(/^"(.*)"$/, '$1');
  if (!name) return { edits: [], error: 'The new name is empty.' };
  const output = outputAliasAt(analysis, file, offset);
  const at = output ? undefined : useAt({ file, analysis }, offset)!;
  const spans = output?.ok ? output.alias.spans.map((s) => s.span) : localSpans({ file, analysis }, at!).map((s) => s.span);
  const statement = output ? analysis.parsed.statements.find((s) => s.span.start <= offset && offset <= s.span.end)! : analysis.parsed.statements[at!.statement];
  const written = quoteIdent(name);
  // A name the statement already uses could capture or shadow another reference: refused.
  if (statement.tokens.some((t) => t.text.toLowerCase() === written.toLowerCase() && !spans.some((s) => s.start === t.start))) {
    return { edits: [], error: `\`${written}\` is already a name in this statement.` };
  }
  return { edits: spans.map((span) => ({ span, newText: written })) };
}

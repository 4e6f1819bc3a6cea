import { observeStatement, parseDocument, type Observation, type ParsedStatement, type Session } from '../../analysis';
import type { NamespaceItem, Scope } from '../../analysis/resolve/scope';

/** The name put where the cursor is, so that a half-typed statement parses and the resolver reaches it. */
export const PLACEHOLDER = 'schemasense_cursor_';

export interface ScopeAtCursor {
  /** The scope a column reference at the cursor would be resolved in. */
  scope?: Scope;
  /** For a relation at the cursor: the FROM items before it (what a join condition can use), and its scope. */
  fromItem?: { visible: readonly NamespaceItem[]; scope: Scope };
}

/**
 * Finds what is in scope at the cursor of a statement that usually does not parse: the word being typed
 * is replaced by a placeholder (a column or a relation, as the context wants) and the statement is
 * completed in the few ways half-typed SQL is usually incomplete, until the real parser accepts it.
 * The resolver then runs on that text and reports the scope it met the placeholder in.
 */
export function scopeAtCursor(
  text: string,
  statement: ParsedStatement | undefined,
  session: Session,
  replace: { start: number; end: number },
  asRelation: boolean,
): ScopeAtCursor {
  if (!statement) return {};
  // From the document, not the statement: the statement's text stops at its last token, the cursor may be past it.
  const head = text.slice(statement.span.start, replace.start);
  const tail = text.slice(replace.end, Math.max(replace.end, statement.span.end));
  for (const candidate of candidates(head, tail, asRelation)) {
    const parsed = parseDocument(candidate).statements;
    if (parsed.length !== 1 || !parsed[0].node) continue;
    const found: ScopeAtCursor = {};
    observeStatement(parsed[0], session, (o: Observation) => {
      if (o.kind === 'columnRef' && o.fields.includes(PLACEHOLDER)) found.scope ??= o.scope;
      if (o.kind === 'fromItem' && o.rv.relname === PLACEHOLDER) found.fromItem ??= { visible: o.visible, scope: o.scope };
    });
    if (found.scope || found.fromItem) return found;
  }
  return {};
}

function* candidates(head: string, tail: string, asRelation: boolean): Iterable<string> {
  const closers = ')'.repeat(Math.max(0, depth(head)));
  // `SET col = ...` needs a value that is itself a column reference to reveal the UPDATE's scope.
  const endings = asRelation ? ['', ' ON true', ' x ON true'] : ['', ` = ${PLACEHOLDER}`, ' IS NULL THEN 1 END', ' END', ' FROM x'];
  const cut = tail.replace(/;\s*$/, '');
  // With the rest of the statement first: `SELECT ak.| FROM api_keys ak` needs its FROM.
  for (const ending of endings) yield `${head}${PLACEHOLDER}${ending} ${cut}`;
  for (const ending of endings) yield `${head}${PLACEHOLDER}${ending}${closers}`;
  for (const ending of endings) for (const rest of [' FROM x', ' WHERE true']) yield `${head}${PLACEHOLDER}${ending}${closers}${rest}`;
}

/** How many parentheses the text leaves open (quotes are rare in a head being completed; ignored). */
function depth(text: string): number {
  let d = 0;
  for (const c of text) d += c === '(' ? 1 : c === ')' ? -1 : 0;
  return d;
}

import { observeStatement, type Observation, type ParsedStatement, type Session, type Span } from '../../analysis';
import { styleOf, type SqlStyle } from './style';

export type ColumnRefSeen = Extract<Observation, { kind: 'columnRef' }>;
export type FromItemSeen = Extract<Observation, { kind: 'fromItem' }>;

/** What the fixes of one statement read: its scopes as the resolver saw them, and how it is written. */
export interface StatementFacts {
  /** The whole document. */
  text: string;
  statement: ParsedStatement;
  /** The catalog and search_path the statement was checked in. */
  session: Session;
  refs: ColumnRefSeen[];
  fromItems: FromItemSeen[];
  style: SqlStyle;
  /** Every word of the statement, lower case and unquoted: new aliases avoid them all. */
  words: ReadonlySet<string>;
}

export function statementFacts(text: string, statement: ParsedStatement, session: Session): StatementFacts {
  const refs: ColumnRefSeen[] = [];
  const fromItems: FromItemSeen[] = [];
  observeStatement(statement, session, (o) => {
    if (o.kind === 'columnRef') refs.push(o);
    else if (o.kind === 'fromItem') fromItems.push(o);
  });
  const words = new Set(statement.tokens.map((t) => t.text.replace(/"/g, '').toLowerCase()));
  return { text, statement, session, refs, fromItems, style: styleOf(text, statement.tokens), words };
}

/** The column reference the resolver saw at exactly this span. */
export function refAt(facts: StatementFacts, span: Span): ColumnRefSeen | undefined {
  return facts.refs.find((r) => r.span.start === span.start && r.span.end === span.end);
}

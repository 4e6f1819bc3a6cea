/**
 * What migration tools do with the text of a file before PostgreSQL sees it. Pure: no I/O. Every transform
 * keeps offsets and line numbers: characters are replaced, never added or removed.
 *
 * - Tools that keep both directions in one file (dbmate's `-- migrate:down`, goose's `-- +goose Down`) apply
 *   only the part before the down marker going forward.
 * - goose sends what lies between `-- +goose StatementBegin` and `-- +goose StatementEnd` as one statement,
 *   whether or not its last line ends with `;`.
 */

/** What every marker below starts with: one scan tells a file without any (most of them) at once. */
const ANY_MARKER = /--[ \t]*(?:migrate:|\+goose)/i;
let lastScanned: { text: string; found: boolean } | undefined;

/** Whether the text has any tool marker; remembered for the last text (a check asks several times of one text). */
function hasMarkers(text: string): boolean {
  if (lastScanned?.text !== text) lastScanned = { text, found: ANY_MARKER.test(text) };
  return lastScanned.found;
}

const DOWN_MARKER = /^[ \t]*--[ \t]*(?:migrate:down\b|\+goose[ \t]+down\b)/im;
const GOOSE_STATEMENT_END = /^([ \t]*)--[ \t]*\+goose[ \t]+StatementEnd\b[^\r\n]*/gim;

/**
 * The text the next migrations see: goose's statement ends made `;`, and everything from a down marker on
 * blanked (newlines kept, every other character a space). The text itself when there is neither.
 */
export function forwardText(text: string): string {
  if (!hasMarkers(text)) return text;
  const statements = gooseStatements(text);
  const marker = DOWN_MARKER.exec(statements);
  if (!marker) return statements;
  return statements.slice(0, marker.index) + statements.slice(marker.index).replace(/[^\r\n]/g, ' ');
}

/**
 * The text as goose cuts it: each `-- +goose StatementEnd` line becomes a `;` (and spaces), so that the
 * statement it closes ends there even when its last line has no `;` (an extra `;` is an empty statement).
 */
export function gooseStatements(text: string): string {
  if (!hasMarkers(text) || !/\+goose/i.test(text)) return text;
  return text.replace(GOOSE_STATEMENT_END, (line, indent: string) => indent + ';' + ' '.repeat(line.length - indent.length - 1));
}

/** The tools' markers for a file that runs without a transaction (goose, dbmate). */
const NO_TRANSACTION_MARKER = /^[ \t]*--[ \t]*(?:\+goose[ \t]+NO[ \t]+TRANSACTION\b|migrate:up\b.*\btransaction:false\b)/im;

/** The marker line when the file asks to run without a transaction, else undefined. */
export function noTransactionMarker(text: string): string | undefined {
  if (!hasMarkers(text)) return undefined;
  return NO_TRANSACTION_MARKER.exec(text)?.[0].trim();
}

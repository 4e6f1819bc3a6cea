/**
 * Tools that keep both directions in one file (dbmate's `-- migrate:down`, goose's `-- +goose Down`) apply only
 * the part before the down marker going forward. Pure: no I/O.
 */

const DOWN_MARKER = /^[ \t]*--[ \t]*(?:migrate:down\b|\+goose[ \t]+down\b)/im;

/**
 * The text the next migrations see: everything from a down marker on is blanked (newlines kept, every other
 * character a space), so offsets and line numbers stay those of the file. The text itself when there is none.
 */
export function forwardText(text: string): string {
  const marker = DOWN_MARKER.exec(text);
  if (!marker) return text;
  return text.slice(0, marker.index) + text.slice(marker.index).replace(/[^\r\n]/g, ' ');
}

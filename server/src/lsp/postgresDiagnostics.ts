import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { Problem } from '../analysis';
import { LineIndex } from '../project/textPositions';
import { toDiagnostic } from './diagnostics';

export const POSTGRES_SOURCE = 'postgres';

/**
 * Diagnostics that Postgres itself raised (a failed run, the on-save verification), shown next to the
 * static ones with `source: postgres`. A publication replaces all diagnostics of a document, so every
 * publication of the checker goes through `publish`, which adds the Postgres ones. They belong to the text
 * they were raised on: once the document's text differs, they are gone (until the next save or run).
 * One that repeats a static diagnostic (same code, overlapping range) is left out.
 */
export class PostgresDiagnostics {
  private readonly raised = new Map<string, { text: string; diagnostics: Diagnostic[] }>();
  private readonly lastPublished = new Map<string, PublishDiagnosticsParams>();

  constructor(
    private readonly send: (params: PublishDiagnosticsParams) => void,
    /** The open document's text, or undefined when it is not open. */
    private readonly textOf: (uri: string) => string | undefined,
  ) {}

  /** The checker's publication, with the Postgres diagnostics that still apply. */
  publish(params: PublishDiagnosticsParams): void {
    this.lastPublished.set(params.uri, params);
    this.send(this.merged(params));
  }

  /** Replaces the Postgres diagnostics of a document, raised on `text`; publishes them at once. */
  set(uri: string, text: string, problems: readonly Problem[]): void {
    const lines = new LineIndex(text);
    const diagnostics = problems.map((p) => ({ ...toDiagnostic(p, lines), source: POSTGRES_SOURCE }));
    if (diagnostics.length) this.raised.set(uri, { text, diagnostics });
    else if (!this.raised.delete(uri)) return;
    this.send(this.merged(this.lastPublished.get(uri) ?? { uri, diagnostics: [] }));
  }

  closed(uri: string): void {
    this.raised.delete(uri);
    this.lastPublished.delete(uri);
  }

  private merged(params: PublishDiagnosticsParams): PublishDiagnosticsParams {
    const raised = this.raised.get(params.uri);
    const text = this.textOf(params.uri);
    if (!raised || (text !== undefined && text !== raised.text)) return params;
    const extra = raised.diagnostics.filter((p) => !params.diagnostics.some((s) => s.code === p.code && overlaps(s, p)));
    return { ...params, diagnostics: [...params.diagnostics, ...extra] };
  }
}

function overlaps(a: Diagnostic, b: Diagnostic): boolean {
  const before = (x: Diagnostic['range']['end'], y: Diagnostic['range']['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return !before(a.range.end, b.range.start) && !before(b.range.end, a.range.start);
}

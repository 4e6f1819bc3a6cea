import { ALL_RULES, ruleDocsPath, type Problem, type Severity } from '../analysis';
import { docsUri } from '../project/docsLocation';
import { LineIndex, type TextPosition } from '../project/textPositions';
import { ERRCODES_URL, SQLSTATE_NAMES } from './sqlstates';
import { summaryLine, type CheckSummary } from './summary';
import { productInfo } from './version';

/**
 * A message or hint on one line: a finding's line is what one-line matchers read (CI problem matchers,
 * `file:line:col` links). A line break (in a quoted name, say) is written `\n`, so the name stays readable.
 */
const oneLine = (text: string) => text.replace(/\r?\n/g, '\\n');

/** One problem of one file, with 0-based LSP positions (UTF-16 characters). */
export interface Finding {
  /** The path as the CLI prints it: relative to the current folder when inside it. */
  file: string;
  /** The file as a SARIF artifact URI: relative, `/`-separated, when inside the current folder. */
  uri: string;
  range: { start: TextPosition; end: TextPosition };
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  /** The page that explains it (a safety rule's), relative to SchemaSense's folder. */
  docs?: string;
}

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export function findingsOf(file: string, uri: string, text: string, problems: readonly Problem[]): Finding[] {
  const lines = new LineIndex(text);
  return problems.map((p) => ({
    file,
    uri,
    range: { start: lines.positionAt(p.span.start), end: lines.positionAt(p.span.end) },
    severity: p.severity,
    code: p.code,
    message: p.message,
    ...(p.hint !== undefined ? { hint: p.hint } : {}),
    ...(p.docs !== undefined ? { docs: p.docs } : {}),
  }));
}

/**
 * `file:line:col: severity code message`, 1-based line and column (UTF-16 code units, as editors count).
 * A hint follows on its own line, indented: `  hint: …`, so that one-line matchers (CI problem matchers,
 * editors' `file:line:col` links) read the finding line unchanged.
 */
export function formatText(findings: readonly Finding[], summary?: CheckSummary): string {
  const tail = summary ? summaryLine(summary) + '\n' : '';
  return findings
    .map((f) => {
      const line = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code} ${oneLine(f.message)}\n`;
      return f.hint !== undefined ? `${line}  hint: ${oneLine(f.hint)}\n` : line;
    })
    .join('') + tail;
}

/** An array of `{file, range, severity, code, message, hint?}` with 0-based LSP positions. */
export function formatJson(findings: readonly Finding[]): string {
  return JSON.stringify(
    findings.map((f) => ({
      file: f.file,
      range: f.range,
      severity: f.severity,
      code: f.code,
      message: f.message,
      ...(f.hint !== undefined ? { hint: f.hint } : {}),
    })),
    null,
    2,
  ) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note' };

/**
 * SARIF 2.1.0: one run, one rule per SQLSTATE or safety rule (its docs page as helpUri), regions 1-based with
 * an exclusive end column; the summary in the run's property bag (`runs[0].properties.summary`). The driver
 * names its version and informationUri; a hint is a related location at the finding with the hint as its
 * message (viewers list it under the result), not text appended to the message.
 */
export function formatSarif(findings: readonly Finding[], summary?: CheckSummary): string {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const docs = new Map(findings.filter((f) => f.docs).map((f) => [f.code, f.docs!]));
  const rules = codes.map((code) => {
    const rule = ALL_RULES.find((r) => r.id === code);
    if (rule) return { id: code, name: code, shortDescription: { text: rule.summary }, helpUri: docsUri(docs.get(code) ?? ruleDocsPath(code)) };
    const name = SQLSTATE_NAMES[code];
    return {
      id: code,
      ...(name ? { name, shortDescription: { text: `${code} ${name}` } } : { shortDescription: { text: `SQLSTATE ${code}` } }),
      helpUri: ERRCODES_URL,
    };
  });
  const results = findings.map((f) => {
    const physicalLocation = {
      artifactLocation: { uri: f.uri },
      region: {
        startLine: f.range.start.line + 1,
        startColumn: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
      },
    };
    return {
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code)!,
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation }],
      ...(f.hint !== undefined ? { relatedLocations: [{ id: 1, message: { text: `hint: ${f.hint}` }, physicalLocation }] } : {}),
    };
  });
  const { version, informationUri } = productInfo();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'schemasense', version, informationUri, rules } },
        columnKind: 'utf16CodeUnits',
        results,
        ...(summary ? { properties: { summary } } : {}),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** The JSON summary: one line `{"summary": {...}}`, written to stderr so that stdout stays the array of findings. */
export function formatJsonSummary(summary: CheckSummary): string {
  return JSON.stringify({ summary }) + '\n';
}

export function format(findings: readonly Finding[], as: OutputFormat, summary?: CheckSummary): string {
  return as === 'json' ? formatJson(findings) : as === 'sarif' ? formatSarif(findings, summary) : formatText(findings, summary);
}

import * as assert from 'assert';
import type { Problem } from '../../server/src/analysis';
import { findingsOf, formatJson, formatSarif, formatText } from '../../server/src/cli/format';

describe('CLI output formats', () => {
  const text = "create view v as\nselect '😀', ak.customer_id from customers ak;\n";
  const start = text.indexOf('ak.customer_id');
  const problems: Problem[] = [
    {
      span: { start, end: start + 'ak.customer_id'.length },
      code: '42703',
      message: 'column ak.customer_id does not exist',
      hint: 'orders.customer_id is reachable through orders.customer_id → customers.id',
      severity: 'error',
    },
    { span: { start: 0, end: 6 }, code: 'XX999', message: 'something to know', severity: 'information' },
  ];
  const findings = findingsOf('migrations/003_q.sql', 'migrations/003_q.sql', text, problems);

  it('text: one line per problem, 1-based UTF-16 columns, the hint indented below', () => {
    assert.strictEqual(
      formatText(findings),
      'migrations/003_q.sql:2:14: error 42703 column ak.customer_id does not exist\n' +
        '  hint: orders.customer_id is reachable through orders.customer_id → customers.id\n' +
        'migrations/003_q.sql:1:1: information XX999 something to know\n',
    );
  });

  it('json: 0-based LSP ranges, hint only when there is one', () => {
    assert.deepStrictEqual(JSON.parse(formatJson(findings)), [
      {
        file: 'migrations/003_q.sql',
        range: { start: { line: 1, character: 13 }, end: { line: 1, character: 27 } },
        severity: 'error',
        code: '42703',
        message: 'column ak.customer_id does not exist',
        hint: 'orders.customer_id is reachable through orders.customer_id → customers.id',
      },
      {
        file: 'migrations/003_q.sql',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } },
        severity: 'information',
        code: 'XX999',
        message: 'something to know',
      },
    ]);
    assert.strictEqual(formatJson([]), '[]\n');
  });

  it('sarif: rules sorted by SQLSTATE, information as note, exclusive end column', () => {
    const run = JSON.parse(formatSarif(findings)).runs[0];
    assert.strictEqual(run.columnKind, 'utf16CodeUnits');
    assert.deepStrictEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['42703', 'XX999']);
    assert.strictEqual(run.tool.driver.rules[0].name, 'undefined_column');
    assert.strictEqual(run.tool.driver.rules[1].name, undefined);
    assert.deepStrictEqual(
      run.results.map((r: { ruleIndex: number; level: string; message: { text: string } }) => [r.ruleIndex, r.level, r.message.text]),
      [
        [0, 'error', 'column ak.customer_id does not exist'],
        [1, 'note', 'something to know'],
      ],
    );
    // The hint is a related location at the finding, not text in its message.
    assert.deepStrictEqual(
      run.results.map((r: { relatedLocations?: { message: { text: string } }[] }) => r.relatedLocations?.map((l) => l.message.text)),
      [['hint: orders.customer_id is reachable through orders.customer_id → customers.id'], undefined],
    );
    assert.deepStrictEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 2, startColumn: 14, endLine: 2, endColumn: 28 });
    assert.deepStrictEqual(JSON.parse(formatSarif([])).runs[0].results, []);
  });
});

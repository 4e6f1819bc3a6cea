import * as assert from 'assert';
import * as path from 'path';
import { applyEdits } from '../../server/src/features/fixes';
import { checkFile, JOIN_CASES } from './fixCases';

/**
 * The join-path fixes on the real parser and the real migration histories of test/fixtures/fixes and
 * examples/sample-project: which fixes are offered, what they write, and that the file is clean after.
 */
describe('quick fixes: join through a foreign-key path', function () {
  this.timeout(30_000);

  for (const c of JOIN_CASES) {
    describe(c.name, () => {
      it(`offers the join rewrites, "${c.preferred}" preferred`, async () => {
        const { fixes } = await checkFile(c.root, c.migrations[c.migrations.length - 1]);
        assert.deepStrictEqual(fixes.map((f) => f.title), c.titles);
        assert.deepStrictEqual(fixes.map((f) => !!f.isPreferred), c.titles.map((t) => t === c.preferred));
        for (const f of fixes) assert.strictEqual(f.problem.code, '42703');
      });

      it('leaves no problem in the file once a fix is applied', async () => {
        const { workspace, file, text, fixes } = await checkFile(c.root, c.migrations[c.migrations.length - 1]);
        assert.ok(fixes.length > 0);
        for (const f of fixes) {
          const fixed = applyEdits(text, f.edits);
          assert.deepStrictEqual(workspace.check(file, fixed), [], `${f.title}:\n${fixed}`);
        }
      });
    });
  }

  describe('examples/sample-project 015', () => {
    const c = JOIN_CASES[0];
    const fixedBy = async (title: string) => {
      const { text, fixes } = await checkFile(c.root, c.migrations[14]);
      const fix = fixes.find((f) => f.title.startsWith(title));
      assert.ok(fix, `no fix "${title}" among ${fixes.map((f) => f.title)}`);
      return { text, fixed: applyEdits(text, fix.edits), fix };
    };
    const between = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)) + to.length);

    it('the subquery replaces only the joined table, keeping its alias and the indentation', async () => {
      const { fixed, fix } = await fixedBy('Join api_keys through api_clients (subquery)');
      assert.strictEqual(fix.edits.length, 1);
      assert.strictEqual(
        between(fixed, 'LEFT JOIN api_clients ac', 'inv ON'),
        [
          'LEFT JOIN api_clients ac ON ac.customer_id = c.id',
          'LEFT JOIN (',
          '    SELECT ak.*, ac2.customer_id',
          '    FROM api_clients ac2',
          '    JOIN api_keys ak ON ak.api_client_id = ac2.id',
          ') ak ON c.id = ak.customer_id',
          'LEFT JOIN (',
          '    SELECT customer_id, SUM(amount_cents) AS paid_cents',
          '    FROM invoices',
          "    WHERE status = 'paid'",
          '    GROUP BY customer_id',
          ') inv ON',
        ].join('\n'),
      );
    });

    it('the extra join goes before the join, with the same join type and a fresh alias', async () => {
      const { fixed } = await fixedBy('Join api_keys through api_clients (extra join)');
      assert.strictEqual(
        between(fixed, 'FROM customers c', 'LEFT JOIN ('),
        [
          'FROM customers c',
          'LEFT JOIN api_clients ac ON ac.customer_id = c.id',
          'LEFT JOIN api_clients ac2 ON c.id = ac2.customer_id',
          'LEFT JOIN api_keys ak ON ak.api_client_id = ac2.id',
          'LEFT JOIN (',
        ].join('\n'),
      );
    });

    it('the aggregate joins one row per customer and rewrites the count and GROUP BY', async () => {
      const { text, fixed } = await fixedBy('Aggregate api_keys per customer in a subquery');
      assert.ok(fixed.includes('    COALESCE(api_key_stats.api_key_count, 0) AS api_key_count\nFROM customers c\n'), fixed);
      assert.strictEqual(
        between(fixed, 'LEFT JOIN (\n    SELECT ac2', 'api_key_stats.customer_id'),
        [
          'LEFT JOIN (',
          '    SELECT ac2.customer_id, COUNT(DISTINCT ak.id) AS api_key_count',
          '    FROM api_clients ac2',
          '    JOIN api_keys ak ON ak.api_client_id = ac2.id',
          '    GROUP BY ac2.customer_id',
          ') api_key_stats ON c.id = api_key_stats.customer_id',
        ].join('\n'),
      );
      assert.ok(fixed.endsWith('GROUP BY c.id, inv.paid_cents, api_key_stats.api_key_count;\n'), fixed);
      // Nothing else moved: the lines before the select list's last item are as they were.
      const head = text.slice(0, text.indexOf('    COUNT(DISTINCT ak.id)'));
      assert.ok(fixed.startsWith(head));
    });
  });

  describe('style and shape', () => {
    const twoHops = JOIN_CASES.find((c) => c.name === 'two-hops')!;
    const query = path.join(twoHops.root, 'query.sql');

    it('writes keywords in the case the statement uses', async () => {
      const { text, fixes } = await checkFile(twoHops.root, twoHops.migrations[1]);
      const [subquery, extra, aggregate] = fixes.map((f) => applyEdits(text, f.edits));
      // The file indents nothing: four spaces, the default.
      assert.ok(subquery.includes('\njoin (\n    select t.*, t2.customer_id\n    from teams t2\n    join members m on m.team_id = t2.id\n    join tokens t on t.member_id = m.id\n) t on'), subquery);
      assert.ok(extra.includes('\njoin teams t2 on t2.customer_id = c.id\njoin members m on m.team_id = t2.id\njoin tokens t on t.member_id = m.id\n'), extra);
      assert.ok(aggregate.includes('select c.id as customer_id, c.name, token_stats.token_count as token_count\n'), aggregate);
      assert.ok(aggregate.includes('    group by t2.customer_id\n) token_stats on token_stats.customer_id = c.id\ngroup by c.id, c.name, token_stats.token_count;'), aggregate);
    });

    it('keeps a one-line statement on one line', async () => {
      const { text, fixes } = await checkFile(twoHops.root, query, 'select t.customer_id from tokens t;\n');
      assert.deepStrictEqual(fixes.map((f) => f.title), ['Join tokens through members, teams (subquery)']);
      assert.strictEqual(
        applyEdits(text, fixes[0].edits),
        'select t.customer_id from (select t.*, t2.customer_id from teams t2 join members m on m.team_id = t2.id join tokens t on t.member_id = m.id) t;\n',
      );
    });

    it('gives an unaliased table its name back after the subquery', async () => {
      const text = 'SELECT tokens.customer_id FROM tokens WHERE tokens.id > 0;\n';
      const { workspace, fixes } = await checkFile(twoHops.root, query, text);
      const fixed = applyEdits(text, fixes[0].edits);
      assert.ok(fixed.startsWith('SELECT tokens.customer_id FROM (SELECT tokens.*, t.customer_id FROM teams t JOIN '), fixed);
      assert.ok(fixed.includes(' JOIN tokens ON tokens.member_id = m.id) tokens WHERE '), fixed);
      assert.ok(fixed.endsWith(') tokens WHERE tokens.id > 0;\n'), fixed);
      assert.deepStrictEqual(workspace.check(query, fixed), []);
    });

    it('offers nothing where no foreign-key path reaches the column', async () => {
      const text = 'select c.id, l.message from customers c join audit_log l on l.customer_id = c.id;\n';
      const { workspace, fixes } = await checkFile(twoHops.root, query, text);
      const problems = workspace.check(query, text);
      assert.deepStrictEqual(problems.map((p) => [p.code, p.message, p.hint]), [['42703', 'column l.customer_id does not exist', undefined]]);
      assert.deepStrictEqual(fixes, []);
    });

    it('never switches to the column of another relation in scope', async () => {
      // members has no customer_id, teams (joined as tm) has: only the path through teams is offered.
      const text = 'select m.email from customers c join teams tm on tm.customer_id = c.id join members m on m.customer_id = c.id;\n';
      const { fixes } = await checkFile(twoHops.root, query, text);
      assert.deepStrictEqual(fixes.map((f) => f.title), [
        'Join members through teams (subquery)',
        'Join members through teams (extra join)',
      ]);
      assert.ok(fixes.every((f) => f.edits.every((e) => !e.newText.startsWith('tm.customer_id'))));
    });
  });
});

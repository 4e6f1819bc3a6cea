import { ruleCases } from './support';
import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser, ruleFindings } from '../../server/src/analysis';

const P = 'create table p (id int primary key);';

ruleCases('foreign-key-without-index', [
  { name: 'a foreign key no index leads', history: [P], file: 'create table c (id int primary key, p_id int references p (id));', findings: 1 },
  { name: 'indexed in the same file: silent', history: [P], file: 'create table c (id int primary key, p_id int references p (id)); create index on c (p_id);', findings: 0 },
  { name: 'the key is the primary key: silent', history: [P], file: 'create table c (p_id int primary key references p (id));', findings: 0 },
  { name: 'ALTER TABLE ADD FOREIGN KEY', history: [P, 'create table c (id int, p_id int);'], file: 'alter table c add foreign key (p_id) references p (id) not valid;', findings: 1 },
]);

describe('rule foreign-key-without-index: the whole history', function () {
  it('counts an index a later migration adds', async function () {
    await loadParser();
    const file = 'create table c (id int primary key, p_id int references p (id));';
    const before = analyzeDocument(P, emptyCatalog(), '/m/001.sql').catalogAfter;
    const analysis = analyzeDocument(file, before, '/m/002.sql');
    const later = analyzeDocument('create index c_p on c (p_id);', analysis.catalogAfter, '/m/003.sql').catalogAfter;
    const rule = (f: { rule: { id: string } }) => f.rule.id === 'foreign-key-without-index';
    assert.strictEqual(ruleFindings(analysis, { file: '/m/002.sql' }).filter(rule).length, 1);
    assert.strictEqual(ruleFindings(analysis, { file: '/m/002.sql', historyAfter: later }).filter(rule).length, 0);
  });
});

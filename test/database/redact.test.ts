import * as assert from 'assert';
import { MASK, passwordsOf, redact } from '../../server/src/sources/database/redact';

describe('password masking', () => {
  it('finds the password of a URL as written, decoded and encoded', () => {
    assert.deepStrictEqual(passwordsOf('postgres://app:p%40ss%2Fw@db:5432/app').sort(), ['p%40ss%2Fw', 'p@ss/w'].sort());
    assert.deepStrictEqual(passwordsOf('postgresql://app:raw@pass@db/app').sort(), ['raw%40pass', 'raw@pass']);
    assert.deepStrictEqual(passwordsOf('postgres://app@db/app?password=secret'), ['secret']);
    assert.deepStrictEqual(passwordsOf('postgres://app@db/app'), []);
  });

  it('masks the password in every form, and in any URL of the text', () => {
    const url = 'postgres://app:p%40ss%2Fw@db:5432/app';
    const text = `cannot connect to ${url}: p@ss/w was refused; also postgresql://other:hunter2@x/y and host=x password=topsecret`;
    const masked = redact(text, url);
    for (const secret of ['p%40ss%2Fw', 'p@ss/w', 'hunter2', 'topsecret']) assert.ok(!masked.includes(secret), masked);
    assert.strictEqual(
      masked,
      `cannot connect to postgres://app:${MASK}@db:5432/app: ${MASK} was refused; also postgresql://other:${MASK}@x/y and host=x password=${MASK}`,
    );
  });

  it('leaves text without secrets alone', () => {
    assert.strictEqual(redact('connection refused at 127.0.0.1:5432', 'postgres://app@127.0.0.1/app'), 'connection refused at 127.0.0.1:5432');
  });
});

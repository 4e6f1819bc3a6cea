/**
 * Reading a live database (the shared PostgreSQL of test/support/postgres.ts): every object kind the
 * catalog holds, as pg_catalog describes it, and the migration history tables.
 */
import * as assert from 'assert';
import { introspectDatabase } from '../../server/src/sources/database/introspect';
import { createDatabase, withClient, type TestDatabase } from '../support/postgres';
import { catalogFacts } from '../prisma/catalogFacts';

const SCHEMA = `
create schema app;
create schema audit;
create type app.mood as enum ('sad', 'ok', 'happy');
create domain app.email as text check (value like '%@%');
create type app.pair as (a int, b text);
create table app.accounts (
  id bigint generated always as identity primary key,
  email app.email not null unique,
  mood app.mood default 'ok',
  created_at timestamptz(3) not null default now(),
  note varchar(20),
  "Mixed Case" numeric(10, 2)
);
alter table app.accounts drop column note;
create table app.orders (
  id serial primary key,
  account_id bigint not null references app.accounts (id),
  code char(3),
  tags text[],
  unique (account_id, code)
);
create unique index orders_code_when_set on app.orders (code) where code is not null;
create unique index orders_lower_code on app.orders (lower(code));
create table app.events (id bigint not null, at date not null, payload jsonb) partition by range (at);
create table app.events_2024 partition of app.events for values from ('2024-01-01') to ('2025-01-01');
create view app.account_emails as select id, email from app.accounts;
create materialized view app.order_counts as select account_id, count(*) as n from app.orders group by account_id;
create foreign data wrapper dummy;
create server dummy_server foreign data wrapper dummy;
create foreign table app.remote (id int not null, label text) server dummy_server;
create function app.add(a integer, b integer) returns integer language sql as 'select a + b';
create procedure app.touch(id bigint) language sql as 'select 1';
create table audit.log (id int, entry text);
create table public._prisma_migrations (id varchar(36) primary key, migration_name varchar(255) not null, finished_at timestamptz, rolled_back_at timestamptz);
insert into public._prisma_migrations values ('1', '20240101000000_init', now(), null), ('2', '20240102000000_failed', null, null), ('3', '20240103000000_rolled_back', now(), now());
`;

describe('database introspection', function () {
  this.timeout(60_000);
  let db: TestDatabase;

  before(async () => {
    db = await createDatabase('introspect');
    await withClient(db, (c) => c.query(SCHEMA));
  });
  after(async () => db?.drop());

  it('reads tables, partitions, views, materialized views, foreign tables and sequences with their columns', async () => {
    const { catalog, schemas } = await introspectDatabase(db.url);
    assert.deepStrictEqual(schemas, ['app', 'audit', 'public']);
    const facts = catalogFacts(catalog).relations;
    assert.deepStrictEqual(
      Object.entries(facts).map(([name, r]) => `${name} ${r.kind}`).sort(),
      [
        'app.account_emails view', 'app.accounts table', 'app.accounts_id_seq sequence', 'app.events table', 'app.events_2024 table',
        'app.order_counts materialized view', 'app.orders table', 'app.orders_id_seq sequence', 'app.remote foreign table',
        'audit.log table', 'public._prisma_migrations table',
      ],
    );
    assert.deepStrictEqual(facts['app.accounts'], {
      kind: 'table',
      columns: ['id bigint not null', 'email app.email not null', 'mood app.mood null default', 'created_at timestamp(3) with time zone not null default', 'Mixed Case numeric(10,2) null'],
      primaryKey: 'id',
      uniqueKeys: ['email'],
      foreignKeys: [],
    });
    assert.deepStrictEqual(facts['app.orders'], {
      kind: 'table',
      columns: ['id integer not null default', 'account_id bigint not null', 'code character(3) null', 'tags text[] null'],
      primaryKey: 'id',
      // The partial and the expression index are no keys of columns.
      uniqueKeys: ['account_id,code'],
      foreignKeys: ['(account_id) → app.accounts(id)'],
    });
    assert.deepStrictEqual(facts['app.events_2024'].columns, ['id bigint not null', 'at date not null', 'payload jsonb null']);
    assert.deepStrictEqual(facts['app.account_emails'].columns, ['id bigint null', 'email app.email null']);
    assert.deepStrictEqual(facts['app.order_counts'].columns, ['account_id bigint null', 'n bigint null']);
    assert.deepStrictEqual(facts['app.remote'].columns, ['id integer not null', 'label text null']);
  });

  it('reads enums with their labels in order, domains, composite types and functions; every schema read is closed', async () => {
    const { catalog } = await introspectDatabase(db.url);
    const app = catalog.schemas.get('app')!;
    assert.deepStrictEqual([...app.types.values()].map((t) => `${t.name}: ${t.values.join(',')}`).sort(), ['email: ', 'mood: sad,ok,happy', 'pair: ']);
    assert.deepStrictEqual(app.functions.get('add'), [{ schema: 'app', name: 'add', args: 'a integer, b integer', returns: 'integer' }]);
    assert.deepStrictEqual(app.functions.get('touch'), [{ schema: 'app', name: 'touch', args: 'IN id bigint', returns: '' }]);
    assert.ok([...catalog.schemas.values()].every((s) => s.closed));
  });

  it('reads only the schemas asked for', async () => {
    const { catalog, schemas } = await introspectDatabase(db.url, { schemas: ['audit'] });
    assert.deepStrictEqual(schemas, ['audit']);
    assert.deepStrictEqual([...catalog.schemas.keys()], ['audit']);
  });

  it('lists the migrations the history tables record as applied', async () => {
    const { appliedMigrations, historyTables } = await introspectDatabase(db.url);
    assert.deepStrictEqual(historyTables, ['public._prisma_migrations']);
    assert.deepStrictEqual([...appliedMigrations], ['20240101000000_init']);
  });
});

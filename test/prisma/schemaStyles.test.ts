/**
 * The Prisma schemas users have: Prisma 5/6 (`url = env(...)` in the datasource) and Prisma 7 (no url),
 * one file or a folder of files, found where Prisma looks; and schemas with errors, of which what parses is
 * used and the rest reported once.
 */
import * as assert from 'assert';
import { readPrismaSchema } from '../../server/src/sources/prisma';
import { tempProjects } from '../database/tempProjects';
import { catalogFacts } from './catalogFacts';

const models = `
model Customer {
  id     Int      @id @default(autoincrement())
  email  String   @unique
  orders Order[]
  @@map("customers")
}

model Order {
  id         Int      @id @default(autoincrement())
  customerId Int      @map("customer_id")
  customer   Customer @relation(fields: [customerId], references: [id])
  @@map("orders")
}
`;

const prisma6 = `datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n${models}`;
const prisma7 = `datasource db {\n  provider = "postgresql"\n}\n${models}`;

describe('Prisma schema styles and places', () => {
  const projects = tempProjects('prisma');
  const project = projects.make;
  after(projects.cleanup);

  it('reads a Prisma 5/6 schema (datasource url) and a Prisma 7 schema (none) alike', async () => {
    const six = await readPrismaSchema(project({ 'prisma/schema.prisma': prisma6 }));
    const seven = await readPrismaSchema(project({ 'prisma/schema.prisma': prisma7 }));
    assert.deepStrictEqual(six?.problems, []);
    assert.deepStrictEqual(seven?.problems, []);
    assert.deepStrictEqual(catalogFacts(six!.catalog), catalogFacts(seven!.catalog));
    assert.deepStrictEqual(catalogFacts(six!.catalog).relations['public.orders'].foreignKeys, ['(customer_id) → public.customers(id)']);
  });

  it('puts models without @@schema in the schema of the datasource URL (?schema=)', async () => {
    const root = project({ 'prisma/schema.prisma': prisma6 });
    const prisma = await readPrismaSchema(root, undefined, { DATABASE_URL: 'postgresql://app:secret@localhost:5432/app?schema=shop' });
    assert.deepStrictEqual(Object.keys(catalogFacts(prisma!.catalog).relations).filter((n) => !n.endsWith('_seq')).sort(), ['shop.customers', 'shop.orders']);
  });

  it('finds prisma/schema.prisma, schema.prisma, the prisma/schema/ folder and package.json "prisma.schema"', async () => {
    const places: Record<string, string>[] = [
      { 'prisma/schema.prisma': prisma7 },
      { 'schema.prisma': prisma7 },
      { 'prisma/schema/db.prisma': prisma7.split('model')[0], 'prisma/schema/customer.prisma': `model${models.split('model')[1]}`, 'prisma/schema/order.prisma': `model${models.split('model')[2]}` },
      { 'package.json': JSON.stringify({ prisma: { schema: 'db/main.prisma' } }), 'db/main.prisma': prisma7 },
    ];
    for (const files of places) {
      const prisma = await readPrismaSchema(project(files));
      assert.ok(prisma, JSON.stringify(Object.keys(files)));
      assert.deepStrictEqual(prisma.problems, [], JSON.stringify(Object.keys(files)));
      assert.deepStrictEqual(Object.keys(catalogFacts(prisma.catalog).relations).sort(), ['public.customers', 'public.customers_id_seq', 'public.orders', 'public.orders_id_seq']);
    }
    assert.strictEqual(await readPrismaSchema(project({ 'README.md': 'no prisma here' })), undefined);
    await assert.rejects(readPrismaSchema(project({}), 'missing/schema.prisma'), /the Prisma schema .*missing.schema\.prisma does not exist/);
  });

  it('uses what parses in a broken schema and reports each problem once, with its file and line', async () => {
    const broken = prisma7 + `
model Broken {
  id    Int    @id
  email Strin
  this is not a field
  name  String @foo
}

model Dangling {
  id    Int @id
  owner Nobody
}
`;
    const prisma = (await readPrismaSchema(project({ 'prisma/schema.prisma': broken })))!;
    const relations = catalogFacts(prisma.catalog).relations;
    assert.deepStrictEqual(relations['public.customers'].columns, ['id integer not null default', 'email text not null']);
    assert.deepStrictEqual(relations['public.Broken'].columns, ['id integer not null']);
    assert.deepStrictEqual(relations['public.Dangling'].columns, ['id integer not null']);
    const lineOf = (text: string) => broken.slice(0, broken.indexOf(text)).split('\n').length;
    const lines = ['email Strin', 'this is not a field', '@foo', 'owner Nobody'].map(lineOf);
    assert.deepStrictEqual(prisma.problems.map((p) => p.replace(/: .*/, '')).sort(), lines.map((l) => `prisma/schema.prisma:${l}`).sort());
    assert.match(prisma.problems.find((p) => p.startsWith(`prisma/schema.prisma:${lines[0]}:`))!, /Type "Strin" is neither a built-in type/);
  });

  it('never throws on garbage, and reports it', async () => {
    for (const text of ['model {', '}}}{{{', 'datasource db { provider = "postgresql" }\nmodel A {\n id Int @id\n', '\u0000\u0001binary', 'enum E {\n}\n']) {
      const prisma = (await readPrismaSchema(project({ 'schema.prisma': text })))!;
      assert.ok(Array.isArray(prisma.problems));
    }
    const garbage = (await readPrismaSchema(project({ 'schema.prisma': '}}}{{{' })))!;
    assert.ok(garbage.problems.length > 0);
  });

  it('says which provider the datasource has', async () => {
    const mysql = await readPrismaSchema(project({ 'schema.prisma': prisma7.replace('postgresql', 'mysql') }));
    assert.strictEqual(mysql?.provider, 'mysql');
  });
});

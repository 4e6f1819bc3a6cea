import { Random } from '../../test/support/random';

/**
 * A Prisma schema of `models` models, the same for the same seed: ten scalar fields of mixed types
 * (some `@map`ped, some with `@db.*` native types), a relation to an earlier model, and `@@map`.
 */
export function generatePrismaSchema(models: number, seed: number): string {
  const random = new Random(seed);
  const blocks = [
    'generator client {\n  provider = "prisma-client-js"\n}',
    'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}',
    'enum Status {\n  active\n  archived\n  @@map("status")\n}',
  ];
  const children = new Map<number, number[]>();
  const parents = Array.from({ length: models }, (_, i) => (i === 0 ? undefined : random.int(0, i - 1)));
  parents.forEach((p, i) => p !== undefined && children.set(p, [...(children.get(p) ?? []), i]));
  for (let i = 0; i < models; i++) {
    const parent = parents[i];
    const fields = [
      '  id        BigInt   @id @default(autoincrement())',
      '  name      String',
      '  code      String?  @unique',
      '  status    Status   @default(active)',
      '  amount    Decimal? @db.Decimal(12, 2)',
      '  quantity  Int      @default(0)',
      '  isActive  Boolean  @default(true) @map("is_active")',
      '  payload   Json?',
      '  note      String?  @db.VarChar(200)',
      '  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(6)',
      '  updatedAt DateTime? @map("updated_at")',
    ];
    if (parent !== undefined) {
      fields.push(`  parentId  BigInt?  @map("parent_id")`, `  parent    Model${parent}? @relation(fields: [parentId], references: [id])`);
    }
    for (const child of children.get(i) ?? []) fields.push(`  children${child} Model${child}[]`);
    blocks.push(`model Model${i} {\n${fields.join('\n')}\n\n  @@map("model_${i}")\n}`);
  }
  return blocks.join('\n\n') + '\n';
}

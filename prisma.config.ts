import { defineConfig } from 'prisma/config';

// The CLI is used for `prisma generate` only; migrations are applied by server/store/migrate.ts at start-up.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/gd-arena.db' },
});

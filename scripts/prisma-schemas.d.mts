/** The PostgreSQL schema text for the SQLite schema text (prisma/schema.prisma → prisma/postgresql/schema.prisma). */
export function postgresSchema(sqlite: string): string;

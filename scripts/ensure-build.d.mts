/** Whether the build tools are installed. */
export function hasBuildTools(): boolean;
/** What is out of date: the Prisma client, the pages, the server bundle. */
export function staleParts(): { prisma: boolean; pages: boolean; server: boolean };
/** Builds what is out of date (everything with `force`). */
export function buildAll(options?: { force?: boolean }): Promise<void>;

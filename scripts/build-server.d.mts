/** Packages the bundle loads from node_modules at run time. */
export const EXTERNAL: string[];
/** Every `*.worker.ts` under `dir`, as entry points named `<basename>.worker`. */
export function workerEntries(dir: string): Record<string, string>;
/** Builds `<root>/server/main.ts` and its workers into `outdir`; returns the output files. */
export function buildServer(options?: { root?: string; outdir?: string; entry?: string; logLevel?: string }): Promise<string[]>;

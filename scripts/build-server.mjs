// Builds the server to JavaScript with esbuild: server/main.ts → dist/server/main.js, and every
// server/**/*.worker.ts flat beside it as dist/server/<basename>.worker.js (server/workers.ts expects exactly that).
// `npm start` and the Docker image then run plain `node`, with no TypeScript loader (issue 18).
//
// Paths: a module that computes a path from `import.meta.dirname` (package.json in app.ts, prisma/migrations in
// store/migrate.ts) means its own source folder. In the bundle every module shares one file, so each occurrence is
// rewritten to the folder its source file sits in, found from the bundle's own place (dist/server → the root).
// `import.meta.url` is left alone: worker URLs are meant to resolve beside the bundle.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Packages loaded from node_modules at run time: native bindings, and optional packages that may be absent. */
export const EXTERNAL = [
  'better-sqlite3',
  '@tensorflow/tfjs-node',
  // ws requires these inside try/catch when present; they are optional native speed-ups.
  'bufferutil',
  'utf-8-validate',
  // pg requires its optional native binding only when asked to (pg.native): absent here, never loaded.
  'pg-native',
];

/** Every `*.worker.ts` under `dir`, as esbuild entry points named `<basename>.worker`; two workers may not share a name. */
export function workerEntries(dir) {
  const found = {};
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.worker.ts')) {
        const name = basename(entry.name, '.ts');
        if (found[name]) throw new Error(`two workers named ${name}: ${found[name]} and ${path} (they are built flat into one folder)`);
        found[name] = path;
      }
    }
  };
  walk(dir);
  return found;
}

/** esbuild plugin: `import.meta.dirname` in the project's own sources becomes the source folder, computed at run time. */
function sourceDirname(root) {
  return {
    name: 'source-dirname',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[tj]s$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.dirname') && !text.includes('import.meta.filename')) return undefined;
        const rel = relative(root, args.path).split(sep).join('/');
        const contents = text
          .replaceAll('import.meta.dirname', `__gdSourcePath(${JSON.stringify(dirname(rel))})`)
          .replaceAll('import.meta.filename', `__gdSourcePath(${JSON.stringify(rel)})`);
        return { contents, loader: args.path.endsWith('ts') ? 'ts' : 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * The banner of every output file: `require` for the CommonJS packages bundled into ESM, and the root the source
 * paths are resolved against (the output lives in <root>/<outdir relative to root>).
 */
function banner(root, outdir) {
  const up = relative(outdir, root).split(sep).join('/') || '.';
  return [
    "import { createRequire as __gdCreateRequire } from 'node:module';",
    "import { fileURLToPath as __gdFileURLToPath } from 'node:url';",
    "import { join as __gdJoin } from 'node:path';",
    'const require = __gdCreateRequire(import.meta.url);',
    `const __gdRoot = __gdFileURLToPath(new URL(${JSON.stringify(up + '/')}, import.meta.url));`,
    'const __gdSourcePath = (rel) => __gdJoin(__gdRoot, rel);',
  ].join('\n');
}

/** Builds `<root>/server/main.ts` and its workers into `outdir` (default dist/server); returns the output files. */
export async function buildServer({ root = ROOT, outdir = resolve(root, 'dist/server'), entry = 'server/main.ts', logLevel = 'warning' } = {}) {
  const entryPoints = { main: resolve(root, entry), ...workerEntries(resolve(root, dirname(entry))) };
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: banner(root, outdir) },
    plugins: [sourceDirname(root)],
    // Smaller files parse faster at start-up. Identifiers are not minified, so stack traces and error classes read as
    // in the source; `keepNames` is off because it wraps every function made at run time in a call that sets its
    // name (3–9 % of the CPU of a guess in bench/http-guess.ts).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel,
  });
  // What went into the build, so `npm start` can tell when it is stale (scripts/ensure-build.mjs).
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
  writeFileSync(join(outdir, 'inputs.json'), JSON.stringify({ builtAt: Date.now(), inputs }, null, 0));
  return Object.keys(result.metafile.outputs).map((p) => resolve(root, p));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const outputs = await buildServer();
  const size = outputs.reduce((sum, f) => sum + statSync(f).size, 0);
  const names = outputs.map((f) => relative(ROOT, f)).join(', ');
  if (!process.argv.includes('--quiet')) console.log(`gd-arena: server built: ${names} (${(size / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms)`);
}

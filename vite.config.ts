import { defineConfig, type Plugin } from 'vite';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, 'client');
const outDir = resolve(import.meta.dirname, 'dist/client');

/** What is worth compressing: text. Images and fonts are compressed already. */
const TEXT = /\.(html|js|mjs|css|json|svg|txt|map|webmanifest)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, once, at build time, so the server only
 * picks one by Accept-Encoding (server/http/static.ts) and never compresses while a class waits.
 */
function precompress(dir: string): Plugin {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  return {
    name: 'gd-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(dir).filter((f) => TEXT.test(f))) {
        const data = readFileSync(file);
        const br = brotliCompressSync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: statSync(file).size },
        });
        writeFileSync(`${file}.br`, br);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

// Three pages, bundled with every asset (the classroom may have no internet); the server serves dist/client.
export default defineConfig({
  root,
  base: '/',
  // The favicon and the web-app manifest (teams add the page to their home screen): copied as they are.
  publicDir: resolve(root, 'public'),
  plugins: [precompress(outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        play: resolve(root, 'index.html'),
        admin: resolve(root, 'admin.html'),
        board: resolve(root, 'board.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});

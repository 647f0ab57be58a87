import { defineConfig } from 'vite';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, 'client');

// Three pages, bundled with every asset (the classroom may have no internet); the server serves dist/client.
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist/client'),
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

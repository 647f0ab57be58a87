/**
 * The built client (dist/client, written by `vite build`): the four pages and their assets, compressed at build
 * time (vite.config.ts writes `.br` and `.gz` beside every text file) and picked here by Accept-Encoding.
 *
 * Caching: Vite's hashed assets (/assets/*) never change under their name, so browsers keep them a year; pages are
 * `no-cache` (revalidated by ETag on every visit), so a rebuild never leaves a browser with a page that points at
 * deleted assets. Errors answer in the contract's body: a file that is not there, or a path the server will not
 * serve (`..`, dotfiles), is 404 NOT_FOUND.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { sendError } from './errors.ts';

/** The pages: URL → file in the client folder. */
export const PAGES: Readonly<Record<string, string>> = { '/': 'index.html', '/play': 'index.html', '/admin': 'admin.html', '/board': 'board.html' };

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export interface StaticOptions {
  /** The built client folder (absolute). */
  root: string;
}

/** Serves the pages and assets of the built client, or answers 503 on the pages while it is not built. */
export default async function staticFiles(app: FastifyInstance, { root }: StaticOptions): Promise<void> {
  const built = existsSync(resolve(root, 'index.html'));
  const assets = resolve(root, 'assets') + sep;

  // Errors of the file server (send's 403 for `..`, 400 for a malformed path, 5xx from the disk) come here;
  // anything else goes on to the app's own handler (an error handler that throws passes the error to its parent).
  app.setErrorHandler((err: FastifyError & { status?: number }, request, reply) => {
    const status = err.statusCode ?? err.status;
    if (status === 400 || status === 403 || status === 404) return sendError(reply, 404, 'NOT_FOUND', `No file ${request.url.split('?')[0]}`);
    if (status === 412) return reply.code(412).send({ error: { code: 'INVALID_BODY', message: 'Precondition failed' } });
    throw err;
  });

  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: false,
      // Files are looked up per request, so a rebuild of the pages while the server runs is picked up.
      wildcard: true,
      preCompressed: true,
      // The Cache-Control header is ours (below): @fastify/static's own would override the pages' no-cache.
      cacheControl: false,
      acceptRanges: false,
      // Pages revalidate by ETag; Last-Modified would only add bytes to every answer a phone waits for.
      lastModified: false,
      dotfiles: 'ignore',
      setHeaders(res, path) {
        res.setHeader('cache-control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE);
        // The same URL answers brotli, gzip or plain by Accept-Encoding: caches must key on it.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }

  // Browsers ask for /favicon.ico whatever a page says: the same icon as the pages' own.
  app.get('/favicon.ico', (_request, reply) => {
    if (!built) return sendError(reply, 404, 'NOT_FOUND', 'No file /favicon.ico');
    return reply.type('image/svg+xml').sendFile('favicon.svg');
  });

  for (const [url, file] of Object.entries(PAGES)) {
    app.get(url, (_request, reply) => {
      if (!built) return sendError(reply, 503, 'INTERNAL', 'The client is not built: run `npm run build`');
      return reply.sendFile(file);
    });
  }
}

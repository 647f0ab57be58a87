/**
 * The built client as a browser receives it: pre-compressed brotli or gzip by Accept-Encoding, hashed assets cached
 * for a year, pages revalidated on every visit, and the contract's error body for what is not served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/server.ts';

const dist = resolve(import.meta.dirname, '../../dist/client');
const TEXT = /\.(html|js|css|svg|json)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

let app: FastifyInstance;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, close } = await buildTestApp());
});
afterAll(() => close());

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('the build writes a brotli and a gzip copy of every text file', () => {
  it('beside each .html, .js and .css of dist/client, each decoding to the file', () => {
    const text = files(dist).filter((f) => TEXT.test(f));
    expect(text.map((f) => relative(dist, f))).toEqual(expect.arrayContaining(['index.html', 'admin.html', 'board.html']));
    expect(text.some((f) => f.endsWith('.js'))).toBe(true);
    for (const file of text) {
      const original = readFileSync(file);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(original), `${file}.br`).toBe(true);
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(original), `${file}.gz`).toBe(true);
    }
  });
});

describe('assets', () => {
  const script = () => {
    const name = readdirSync(join(dist, 'assets')).find((f) => f.endsWith('.js'));
    if (!name) throw new Error('no script in dist/client/assets');
    return { url: `/assets/${name}`, body: readFileSync(join(dist, 'assets', name)) };
  };

  it('are sent brotli-compressed to a browser that accepts br, immutable for a year', async () => {
    const { url, body } = script();
    const res = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).equals(body)).toBe(true);
    expect(res.rawPayload.length).toBeLessThan(body.length);
  });

  it('are sent gzip to a client that accepts only gzip, and plain to one that accepts nothing', async () => {
    const { url, body } = script();
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(body)).toBe(true);
    const plain = await get(url, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(body)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('that do not exist answer 404 NOT_FOUND in the contract body, with or without compression asked', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const res = await get('/assets/nothing-here-0000.js', { 'accept-encoding': encoding });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });
});

describe('pages', () => {
  it.each([
    ['/', 'index.html'],
    ['/play', 'index.html'],
    ['/admin', 'admin.html'],
    ['/board', 'board.html'],
  ])('%s is sent compressed and no-cache (revalidated, never kept an hour)', async (url, file) => {
    const body = readFileSync(join(dist, file));
    const res = await get(url, { 'accept-encoding': 'br' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(res.rawPayload).equals(body)).toBe(true);
    // Revalidation: the browser's copy is confirmed with a 304 and no body.
    const etag = res.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get(url, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('is no-cache when asked for by its file name too', async () => {
    const res = await get('/index.html', { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});

describe('paths the server does not serve', () => {
  it.each([
    '/assets/..%2f..%2fpackage.json',
    '/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/.gitignore',
    '/assets/x%00.js',
    '/..%5c..%5cpackage.json',
    '/assets/..%5C..%5C..%5Cpackage.json',
  ])('%s answers 404 NOT_FOUND, never a file and never 400 INVALID_BODY', async (url) => {
    const res = await get(url, { 'accept-encoding': 'br, gzip' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(res.body).not.toContain('"dependencies"');
  });
});

describe('without a built client', () => {
  it('pages answer 503 saying to build, assets 404', async () => {
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
    const { app: bare, close: closeBare } = await buildTestApp({ staticDir: 'tests/.tmp/no-client-here' });
    try {
      const page = await bare.inject({ method: 'GET', url: '/play' });
      expect(page.statusCode).toBe(503);
      expect(page.json().error.message).toMatch(/npm run build/);
      expect((await bare.inject({ method: 'GET', url: '/assets/a.js' })).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    } finally {
      await closeBare();
    }
  });
});

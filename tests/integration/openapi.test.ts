import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from '../../server/app.ts';
import { UNDOCUMENTED } from '../../server/http/openapi.ts';
import { ERROR_STATUS } from '../../shared/errors.ts';
import { ADMIN_PASSWORD, tempDatabase } from '../helpers/server.ts';
import { startServer } from '../../bench/load-process.ts';
import { documentedCodes, misfit, operations, registeredRoutes, type Operation } from './openapi-routes.ts';

// The document is generated from the routes: every route is in it, every answer the server gives fits it.
const VERSION = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')).version;

interface Answer {
  method: string;
  url: string | undefined;
  status: number;
  contentType: string | undefined;
  sent: unknown;
  /** What the handler returned, before the response schema serialised it (JSON answers only). */
  handed?: unknown;
}

let app: FastifyInstance;
let db: ReturnType<typeof tempDatabase>;
let document: { openapi: string; info: { version: string }; paths: Record<string, Record<string, Operation['spec']>>; components: { securitySchemes: Record<string, { type: string; scheme: string }> } };
let ops: Operation[];
const answers: Answer[] = [];

beforeAll(async () => {
  db = tempDatabase();
  app = await buildApp({ databaseUrl: db.url, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false });
  const handed = new WeakMap<object, unknown>();
  app.addHook('preSerialization', async (request, _reply, payload) => {
    handed.set(request, JSON.parse(JSON.stringify(payload)));
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const contentType = reply.getHeader('content-type')?.toString();
    const json = contentType?.startsWith('application/json') && typeof payload === 'string';
    answers.push({ method: request.method, url: request.routeOptions.url, status: reply.statusCode, contentType, sent: json ? JSON.parse(payload) : payload, handed: handed.get(request) });
    return payload;
  });
  await app.ready();
  document = (await app.inject('/api/openapi.json')).json();
  ops = operations(document);
});
afterAll(async () => {
  await app?.close();
  db?.remove();
});

const op = (method: string, url: string) => ops.find((o) => o.method === method && o.url === url);

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the server version and both security schemes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe(VERSION);
    expect(document.components.securitySchemes).toEqual({
      teamToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      adminToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
  });

  it('has every registered route but the pages and the documents themselves, and nothing else', () => {
    const registered = registeredRoutes(app).filter((r) => !UNDOCUMENTED(r.url));
    // The routes that must be there, as a reader would list them: the check below is not vacuous.
    expect(registered.length).toBeGreaterThan(40);
    expect(registered).toContainEqual({ method: 'POST', url: '/api/guesses' });
    expect(registered).toContainEqual({ method: 'GET', url: '/api/admin/games/:id/export.zip' });
    expect(registered).toContainEqual({ method: 'GET', url: '/api/ws' });
    const documented = ops.map(({ method, url }) => ({ method, url }));
    expect(documented.sort(byRoute)).toEqual(registered.sort(byRoute));
    expect(registeredRoutes(app)).toContainEqual({ method: 'GET', url: '/api/openapi.json' });
  });

  it('gives every call a summary, a tag, its parameters, its body and a success answer with its schema', () => {
    for (const o of ops) {
      const where = `${o.method} ${o.url}`;
      expect(o.spec.summary, where).toBeTruthy();
      expect(o.spec.tags?.length, where).toBeGreaterThan(0);
      for (const param of o.url.match(/:\w+/g) ?? []) expect(o.spec.parameters?.some((p) => p.in === 'path' && p.name === param.slice(1)), `${where} ${param}`).toBe(true);
      if (o.method === 'POST' || o.method === 'PATCH') {
        // A POST without a declared body takes none (pause, close…); those with one name its schema.
        if (o.spec.requestBody) expect(o.spec.requestBody.content['application/json'].schema, where).toBeTruthy();
      }
      const success = Object.keys(o.spec.responses).filter((s) => Number(s) < 400);
      expect(success.length, where).toBe(1);
      const ok = o.spec.responses[success[0]];
      expect(ok.description, where).not.toBe('Default Response');
      if (success[0] !== '204' && success[0] !== '101') expect(Object.values(ok.content ?? {})[0]?.schema, where).toBeTruthy();
    }
  });

  it('asks for the team token on team calls and the admin token on admin calls', () => {
    for (const o of ops) {
      const schemes = (o.spec.security ?? []).flatMap((s) => Object.keys(s));
      if (o.url === '/api/login') expect(o.spec.security).toEqual([{}, { teamToken: [] }]);
      else if (o.url === '/api/admin/login') expect(schemes).toEqual([]);
      else if (o.url.startsWith('/api/admin/')) expect(schemes, o.url).toEqual(['adminToken']);
      else if (['/api/me', '/api/guesses', '/api/guesses/:id'].includes(o.url)) expect(schemes, o.url).toEqual(['teamToken']);
      else expect(schemes, o.url).toEqual([]);
    }
  });

  it('lists each error code with the status the server sends it with, in the contract error body, Retry-After on 429', () => {
    let listed = 0;
    for (const o of ops) {
      for (const [status, response] of Object.entries(o.spec.responses)) {
        if (Number(status) < 400) continue;
        const codes = documentedCodes(o, Number(status));
        expect(codes.length, `${o.method} ${o.url} ${status}`).toBeGreaterThan(0);
        for (const code of codes) {
          expect(code in ERROR_STATUS, code).toBe(true);
          expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], `${o.method} ${o.url}: ${code}`).toBe(Number(status));
          listed++;
        }
        expect(response.content?.['application/json'].schema.required).toEqual(['error']);
        if (status === '429') expect(response.headers?.['retry-after'], o.url).toBeTruthy();
      }
      expect(documentedCodes(o, 500), `${o.method} ${o.url}`).toEqual(['INTERNAL']);
    }
    expect(listed).toBeGreaterThan(ops.length * 2);
    expect(documentedCodes(op('POST', '/api/guesses')!, 409).sort()).toEqual(['BUDGET_EXHAUSTED', 'GUESS_PENDING', 'LEVEL_NOT_OPEN']);
    expect(documentedCodes(op('POST', '/api/login')!, 401).sort()).toEqual(['BAD_LOGIN', 'TEAM_CODE_REQUIRED', 'UNAUTHORIZED']);
  });

  it('describes a 2-D point of a domain as a pair (JSON Schema 2020: prefixItems)', () => {
    const level = op('POST', '/api/admin/games/:id/levels')!.spec.requestBody!.content['application/json'].schema as { properties: { domain: { items: { prefixItems: unknown[] } } } };
    expect(level.properties.domain.items.prefixItems).toHaveLength(2);
  });
});

describe('the browsable docs at /api/docs', () => {
  it('load every script and stylesheet from this server (no internet in class), and no online validator', async () => {
    const page = await app.inject('/api/docs');
    expect(page.statusCode).toBe(200);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset, 'a local path').toMatch(/^(\/api\/docs\/|\.\/)/);
      const res = await app.inject(asset.startsWith('./') ? `/api/docs/${asset.slice(2)}` : asset);
      expect(res.statusCode, asset).toBe(200);
      expect(res.body.length, asset).toBeGreaterThan(0);
      if (asset.endsWith('swagger-initializer.js')) {
        expect(res.body).toMatch(/validatorUrl: null/);
        expect(res.body).toMatch(/resolveUrl\('\.\/json'\)/);
      }
    }
    const json = await app.inject('/api/docs/json');
    expect(json.json().paths['/api/guesses']).toBeTruthy();
  });
});

describe('the built server (one bundled file)', () => {
  it('serves the document and the UI with its files', async () => {
    const built = tempDatabase();
    const server = await startServer({ databaseUrl: built.url, adminPassword: ADMIN_PASSWORD, env: { SEED_DEMO: '0' }, startTimeoutMs: 60_000 });
    try {
      for (const path of ['/api/docs', '/api/docs/static/swagger-ui-bundle.js', '/api/docs/static/swagger-ui.css', '/api/asyncapi.json']) {
        expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
      }
      const served = await (await fetch(`${server.url}/api/openapi.json`)).json();
      expect(Object.keys(served.paths).sort()).toEqual(Object.keys(document.paths).sort());
    } finally {
      await server.kill();
      built.remove();
    }
  }, 90_000);
});

describe('every answer fits the document', () => {
  it('refusals: no token, a malformed or unknown id, a body that is not JSON or too large', async () => {
    const admin = await adminToken();
    const team = await teamToken(admin);
    const before = answers.length;
    for (const o of ops) {
      if (o.url === '/api/ws') {
        // Without the upgrade (a browser's address bar): the contract's NOT_FOUND, saying it is a WebSocket.
        const plain = await app.inject({ method: 'GET', url: '/api/ws?token=abc' });
        expect(plain.statusCode).toBe(404);
        expect(plain.json().error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('WebSocket') });
        continue;
      }
      const secured = (o.spec.security ?? []).some((s) => Object.keys(s).length > 0) && o.url !== '/api/login';
      const token = o.url.startsWith('/api/admin/') ? admin : team;
      const url = (id: string) => o.url.replace(':id', id);
      const method = o.method as 'GET';
      // Admin calls check the token first; a team call checks its body first (400 without one).
      if (secured) expect((await app.inject({ method, url: url('1') })).statusCode, o.url).toBe(o.spec.requestBody && !o.url.startsWith('/api/admin/') ? 400 : 401);
      if (secured && o.spec.requestBody) expect((await app.inject({ method, url: url('1'), payload: { x: 1 } })).statusCode, o.url).toBe(401);
      const auth = { authorization: `Bearer ${token}` };
      if (o.url.includes(':id')) {
        expect((await app.inject({ method, url: url('abc'), headers: auth })).statusCode, o.url).toBe(400);
        // Without a body, a call that needs one is refused for its body before its id is looked up.
        const unknown = (await app.inject({ method, url: url('999999'), headers: auth })).statusCode;
        if (o.spec.requestBody) expect([400, 404], o.url).toContain(unknown);
        else expect(unknown, o.url).toBe(404);
      }
      if (o.method === 'POST' || o.method === 'PATCH') {
        const target = url('999999');
        expect((await app.inject({ method, url: target, headers: { ...auth, 'content-type': 'application/json' }, payload: '{"not json' })).statusCode, o.url).toBe(400);
        const huge = JSON.stringify({ x: 'y'.repeat(o.url.endsWith('/import') ? 21 * 1024 * 1024 : 1024 * 1024 + 1) });
        expect((await app.inject({ method, url: target, headers: { ...auth, 'content-type': 'application/json' }, payload: huge })).statusCode, o.url).toBe(413);
      }
    }
    expect(answers.length - before).toBeGreaterThan(100);
    expectDocumented(answers.slice(before));
  });

  it('a whole class, call by call: every documented call answers with its documented schema, and the schema drops nothing', async () => {
    const admin = await adminToken();
    const call = async (method: string, url: string, body?: unknown, token = admin, expected?: number) => {
      const res = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, payload: body === undefined ? undefined : JSON.stringify(body) });
      if (expected !== undefined) expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(expected);
      else expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.headers['content-type']?.toString().startsWith('application/json') && res.body ? res.json() : res.body;
    };
    const before = answers.length;
    const { token: second } = await call('POST', '/api/admin/login', { password: ADMIN_PASSWORD });
    await call('GET', '/api/admin/status');
    await call('GET', '/api/admin/templates');
    await call('POST', '/api/admin/preview', { expression: '(x - 1)^2', domain: [[-3, 3]] });
    const gameId = (await call('POST', '/api/admin/games', { title: 'Documented class', loginDelayMs: 0 })).id;
    await call('PATCH', `/api/admin/games/${gameId}`, { showLeaderboard: true });
    await call('POST', `/api/admin/games/${gameId}/activate`);
    const bowl = await call('POST', `/api/admin/games/${gameId}/levels`, { title: 'Bowl', expression: '(x - 1)^2', domain: [[-3, 3]], delayMs: 50, password: 'bowl' });
    const plane = await call('POST', `/api/admin/games/${gameId}/levels`, { title: 'Plane', expression: '(x - 1)^2 + (y + 1)^2', domain: [[-3, 3], [-3, 3]], delayMs: 50, password: 'plane', axes: ['a', 'b'] });
    await call('PATCH', `/api/admin/levels/${bowl.id}`, { budget: 5 });
    await call('GET', `/api/admin/levels/${bowl.id}`);
    await call('GET', `/api/admin/levels/${bowl.id}/reference/defaults`);
    const { teams } = await call('POST', `/api/admin/games/${gameId}/teams`, { count: 3 });
    await call('PATCH', `/api/admin/teams/${teams[0].id}`, { name: 'Maple' });
    await call('POST', `/api/admin/levels/${bowl.id}/open`);
    await call('POST', `/api/admin/levels/${plane.id}/open`);
    const login = await call('POST', '/api/login', { team: teams[0].number, password: 'bowl' }, '');
    expect(login.team.code).toEqual(expect.any(String));
    const team = login.token as string;
    await call('POST', '/api/login', { team: teams[0].number, password: 'bowl' }, '', 401);
    await call('POST', '/api/login', { team: teams[0].number, password: 'bowl', code: login.team.code }, '');
    const guess = await call('POST', '/api/guesses', { x: 0.5 }, team, 202);
    await call('POST', '/api/guesses', { x: 0.7 }, team, 409);
    await call('GET', `/api/guesses/${guess.id}`, undefined, team);
    expect((await call('GET', `/api/guesses/${guess.id}?wait=1`, undefined, team)).status).toBe('ready');
    await call('GET', '/api/guesses', undefined, team);
    await call('GET', '/api/me', undefined, team);
    const switched = await call('POST', '/api/login', { password: 'plane' }, team);
    await call('POST', '/api/guesses', { x: [0, 0] }, switched.token, 202);
    await call('GET', '/api/board', undefined, '');
    await call('GET', '/api/health', undefined, '');
    await call('GET', '/api/info', undefined, '');
    await call('GET', `/api/admin/levels/${bowl.id}/guesses`);
    await call('GET', `/api/admin/levels/${bowl.id}/monitor`);
    await call('POST', `/api/admin/levels/${bowl.id}/pause`);
    await call('POST', `/api/admin/levels/${bowl.id}/extend`, { ms: 60_000 });
    await call('POST', `/api/admin/levels/${bowl.id}/resume`);
    await call('POST', `/api/admin/levels/${bowl.id}/reference`, { runs: [{ optimizer: 'gd', lr: 0.1, steps: 5 }], teams: true });
    await call('GET', `/api/admin/levels/${bowl.id}/reference`);
    await call('POST', `/api/admin/levels/${bowl.id}/close`);
    await call('POST', `/api/admin/levels/${bowl.id}/reveal`);
    await call('GET', '/api/me', undefined, team);
    await call('GET', '/api/board', undefined, '');
    for (const file of ['export.csv', 'export.csv?part=standings', 'export/guesses.csv', 'export/standings.csv', 'export.zip']) await call('GET', `/api/admin/games/${gameId}/${file}`);
    const backup = await call('GET', `/api/admin/games/${gameId}/export.json`);
    const restored = await call('POST', '/api/admin/games/import', backup, admin, 201);
    const copy = await call('POST', `/api/admin/games/${gameId}/duplicate`, undefined, admin, 201);
    await call('GET', `/api/admin/games/${gameId}`);
    await call('GET', '/api/admin/games');
    await call('POST', `/api/admin/teams/${teams[0].id}/reset-code`);
    await call('GET', '/api/me', undefined, team, 401);
    await call('POST', `/api/admin/levels/${bowl.id}/reset`);
    await call('DELETE', `/api/admin/levels/${plane.id}`, undefined, admin, 204);
    await call('DELETE', `/api/admin/teams/${teams[2].id}`, undefined, admin, 204);
    for (const id of [restored.id, copy.id]) await call('DELETE', `/api/admin/games/${id}`, undefined, admin, 204);
    await call('GET', '/api/asyncapi.json', undefined, '');
    await call('GET', '/api/admin/regression');
    await call('POST', '/api/admin/logout', undefined, second, 204);

    const seen = answers.slice(before);
    expectDocumented(seen);
    // Every call of the document answered with success at least once (the WebSocket's upgrade is the realtime tests').
    const succeeded = new Set(seen.filter((a) => a.status < 300).map((a) => `${a.method} ${a.url}`));
    const missing = ops.filter((o) => o.url !== '/api/ws' && !succeeded.has(`${o.method} ${o.url}`)).map((o) => `${o.method} ${o.url}`);
    expect(missing).toEqual([]);
  }, 120_000);
});

function byRoute(a: { method: string; url: string }, b: { method: string; url: string }): number {
  return `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`);
}

/** Every answer's status, error code and body are what the document says of its route; the schema dropped nothing. */
function expectDocumented(seen: Answer[]): void {
  const problems: string[] = [];
  for (const a of seen) {
    if (a.url === undefined || UNDOCUMENTED(a.url)) continue;
    const o = op(a.method === 'HEAD' ? 'GET' : a.method, a.url);
    if (!o) {
      problems.push(`${a.method} ${a.url} is not documented`);
      continue;
    }
    const problem = misfit(o, a.status, a.sent, a.contentType);
    if (problem) problems.push(problem);
    if (a.handed !== undefined && !isDeepStrictEqual(a.handed, a.sent)) problems.push(`${a.method} ${a.url} ${a.status}: the response schema changed the answer`);
  }
  expect(problems).toEqual([]);
}

async function adminToken(): Promise<string> {
  return (await app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } })).json().token;
}

/** A token of a fresh game's team 1 (the game becomes the active one). */
async function teamToken(admin: string): Promise<string> {
  const auth = { authorization: `Bearer ${admin}` };
  const game = (await app.inject({ method: 'POST', url: '/api/admin/games', headers: auth, payload: { title: 'Refusals', loginDelayMs: 0 } })).json();
  await app.inject({ method: 'POST', url: `/api/admin/games/${game.id}/activate`, headers: auth });
  const level = (await app.inject({ method: 'POST', url: `/api/admin/games/${game.id}/levels`, headers: auth, payload: { title: 'L', expression: 'x^2', domain: [[-1, 1]], password: 'refusals' } })).json();
  await app.inject({ method: 'POST', url: `/api/admin/levels/${level.id}/open`, headers: auth });
  await app.inject({ method: 'POST', url: `/api/admin/games/${game.id}/teams`, headers: auth, payload: { count: 1 } });
  const login = await app.inject({ method: 'POST', url: '/api/login', payload: { team: 1, password: 'refusals' } });
  expect(login.statusCode, login.body).toBe(200);
  return login.json().token;
}

/**
 * Property-based fuzzing (fast-check) of every public body: login, guesses (HTTP and the page's socket), and the
 * admin's create game / level / teams. Whatever arrives, the answer is never a 5xx, an error carries a contract code
 * with its documented status, and a refused call stores nothing — counted in the SQLite file itself, beside the
 * server. Each property is bounded in runs and in time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { ERROR_STATUS } from '../../shared/errors.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let db: Database.Database;
let gameId = 0;
const tokens: Record<'line' | 'plane', string> = { line: '', plane: '' };
let page: Socket;

const TABLES = ['Game', 'Level', 'Team', 'Guess', 'TeamSession'] as const;
type Counts = Record<(typeof TABLES)[number], number>;
const counts = (): Counts => Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n])) as Counts;
/** How each table changed, leaving out the unchanged ones. */
function delta(before: Counts, after: Counts): Partial<Counts> {
  const d: Partial<Counts> = {};
  for (const t of TABLES) if (after[t] !== before[t]) d[t] = after[t] - before[t];
  return d;
}

const f1 = (x: number) => (x - 1) ** 2 + 2;
const f2 = ([x, y]: number[]) => (x - 1) ** 2 + 2 * (y + 2) ** 2;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Runs per property, and the time after which a property stops early (a pass if nothing failed by then). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** `runs` for the costlier properties, unless FUZZ_RUNS asks for a longer hunt (FUZZ_RUNS=2000 npx vitest run tests/integration/fuzz.test.ts). */
const settings = (runs = RUNS) => ({ numRuns: process.env.FUZZ_RUNS ? RUNS : runs, interruptAfterTimeLimit: process.env.FUZZ_RUNS ? 600_000 : 25_000 });

async function send(url: string, body: unknown, options: { token?: string; raw?: string; contentType?: string; remoteAddress?: string } = {}) {
  const res = await server.app.inject({
    method: 'POST',
    url,
    payload: options.raw ?? JSON.stringify(body) ?? 'null',
    remoteAddress: options.remoteAddress ?? '10.2.0.1',
    headers: { 'content-type': options.contentType ?? 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
  });
  let parsed: any = null;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    // checked below
  }
  return { status: res.statusCode, body: parsed, text: res.body };
}

/** Never a 5xx; an error is the contract's `{error:{code,message}}` with the status its code documents. */
function checkAnswer(res: { status: number; body: any; text: string }, allowed: number[]): void {
  expect(res.status, res.text).toBeLessThan(500);
  expect(allowed, `${res.status} ${res.text}`).toContain(res.status);
  if (res.status >= 400) {
    expect(res.body?.error, res.text).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(ERROR_STATUS[res.body.error.code as keyof typeof ERROR_STATUS], res.text).toBe(res.status);
  }
}

// ---------------------------------------------------------------- arbitraries

/** Anything JSON can carry, weighted towards what a careless or hostile client sends. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.constantFrom(0, -0, 10, -10, 10.000001, -10.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1),
);
const oddValue = fc.oneof(fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null), fc.array(number, { maxLength: 3 }), fc.object({ maxDepth: 2 }));
/** Mostly a valid value, sometimes an odd one: random bodies would otherwise almost never get past validation. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 10 }, { arbitrary: odd, weight: 1 });
/** Sometimes extra fields beside the expected ones (every body is closed: an unknown field is refused). */
const extras = mostly(fc.constant(undefined), fc.dictionary(fc.constantFrom('teamId', 'levelId', 'admin', 'id', '__proto__', 'constructor', 'extra', 'x2'), anyJson, { minKeys: 1, maxKeys: 2 }));
/** A body: mostly the expected record (sometimes with extra fields), sometimes any JSON at all. */
function body<T extends object>(record: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return mostly(fc.tuple(record, extras).map(([r, e]) => (e ? { ...r, ...e } : r)), anyJson);
}

/** What each property answered, so a property that never reached its success path fails instead of passing idly. */
const tally = new Map<string, Map<number, number>>();
function count(property: string, status: number): void {
  const t = tally.get(property) ?? new Map<number, number>();
  t.set(status, (t.get(status) ?? 0) + 1);
  tally.set(property, t);
}
function expectBoth(property: string, success: number): void {
  const t = tally.get(property) ?? new Map<number, number>();
  const statuses = [...t.keys()];
  expect(statuses, `${property}: ${JSON.stringify([...t])}`).toContain(success);
  expect(statuses.some((s) => s >= 400), `${property}: ${JSON.stringify([...t])}`).toBe(true);
}
const rawText = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('', '{', '{"x":1', 'null', '[]', '{"x":1}{"x":2}', '\u0000', '{"x": 1e400}', '{"x": NaN}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'));
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml');

beforeAll(async () => {
  server = await startTestServer({ loginFailureLimit: 1_000_000, logLevel: 'silent' });
  const game = await createGame(server, {
    levels: [
      { expression: '(x - 1)^2 + 2', domain: [[-10, 10]], delayMs: 0, budget: null, password: 'fuzz-line' },
      { expression: '(x - 1)^2 + 2 * (y + 2)^2', domain: [[-5, 5], [-5, 5]], delayMs: 0, budget: null, password: 'fuzz-plane' },
    ],
    teams: 6,
  });
  gameId = game.gameId;
  db = new Database(server.app.config.databaseUrl.slice('file:'.length), { readonly: true, fileMustExist: true });
  for (const [key, password] of [['line', 'fuzz-line'], ['plane', 'fuzz-plane']] as const) {
    tokens[key] = (await send('/api/login', { team: key === 'line' ? 1 : 2, password })).body.token;
  }
  page = io(`${server.url}/team`, { auth: { token: (await send('/api/login', { team: 3, password: 'fuzz-line' })).body.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    page.once('connect', () => resolve());
    page.once('connect_error', reject);
  });
});
afterAll(async () => {
  page?.disconnect();
  db?.close();
  await server.close();
});

describe('fuzzing the public bodies', () => {
  it('POST /api/login: a session is stored only for a 200', async () => {
    const team = mostly(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom('1', ' 2 ', '0003', '12')), fc.oneof(fc.constantFrom('1e1', '-1', '1.5', '٣', '12345678', -1, 1_000_001), number, oddValue));
    const password = mostly(fc.oneof(fc.constantFrom('fuzz-line', ' FUZZ-LINE ', 'fuzz-plane'), fc.string({ minLength: 1, maxLength: 30 })), fc.oneof(fc.constantFrom('', 'x'.repeat(201)), oddValue));
    const pin = mostly(fc.string({ maxLength: 10 }), fc.oneof(fc.constant('9'.repeat(51)), oddValue));
    await fc.assert(
      fc.asyncProperty(body(fc.record({ team, password, pin }, { requiredKeys: ['team', 'password'] })), fc.ipV4(), async (b, address) => {
        const before = counts();
        const res = await send('/api/login', b, { remoteAddress: address });
        count('login', res.status);
        checkAnswer(res, [200, 400, 401]);
        expect(delta(before, counts())).toEqual(res.status === 200 ? { TeamSession: 1 } : {});
        if (res.status === 200) expect(res.body).toMatchObject({ token: expect.any(String), team: { number: expect.any(Number) }, level: { status: 'open' } });
      }),
      settings(),
    );
    expectBoth('login', 200);
  });

  it('POST /api/guesses: a guess is stored only for a 202, inside the domain, with the right f(x)', async () => {
    const coordinate = mostly(fc.double({ min: -12, max: 12, noNaN: true }), number);
    const x = mostly(fc.oneof(coordinate, fc.array(coordinate, { minLength: 1, maxLength: 2 })), fc.oneof(fc.constant([]), fc.array(coordinate, { minLength: 3, maxLength: 4 }), oddValue, fc.array(fc.array(number, { maxLength: 2 }), { maxLength: 2 })));
    await fc.assert(
      fc.asyncProperty(body(fc.record({ x })), fc.constantFrom('line', 'plane') as fc.Arbitrary<'line' | 'plane'>, async (b, level) => {
        const before = counts();
        const res = await send('/api/guesses', b, { token: tokens[level] });
        count('guesses', res.status);
        checkAnswer(res, [202, 400]);
        expect(delta(before, counts())).toEqual(res.status === 202 ? { Guess: 1 } : {});
        if (res.status !== 202) return;
        const point: number[] = level === 'line' ? [res.body.x] : res.body.x;
        const bound = level === 'line' ? 10 : 5;
        for (const v of point) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
        // No delay on these levels: the result is ready at once, and right.
        const read = await server.app.inject({ url: `/api/guesses/${res.body.id}`, headers: { authorization: `Bearer ${tokens[level]}` } });
        const guess = JSON.parse(read.body);
        expect(guess.status).toBe('ready');
        expect(close(guess.fx, level === 'line' ? f1(point[0]) : f2(point))).toBe(true);
      }),
      settings(),
    );
    expectBoth('guesses', 202);
  });

  it("the page socket's messages: the same rules and codes as HTTP, never INTERNAL, a guess stored only when accepted", async () => {
    const x = mostly(fc.oneof(fc.double({ min: -12, max: 12, noNaN: true }), fc.array(fc.double({ min: -12, max: 12, noNaN: true }), { minLength: 1, maxLength: 2 })), fc.oneof(number, oddValue));
    const type = mostly(fc.constantFrom('guess', 'guess', 'guess', 'state', 'ping'), fc.oneof(fc.constantFrom('GUESS', 'admin', ''), oddValue));
    const message = body(fc.record({ type, x }, { requiredKeys: ['type'] }));
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const before = counts();
        const ack = await page.timeout(5000).emitWithAck('message', m);
        count('socket', ack.ok ? (ack.guess ? 202 : 200) : 400);
        if (!ack.ok) expect(['INVALID_BODY', 'INVALID_X'], JSON.stringify(ack)).toContain(ack.error.code);
        else expect(ack.guess ?? ack.type, JSON.stringify(ack)).toBeDefined();
        expect(delta(before, counts())).toEqual(ack.ok && ack.guess ? { Guess: 1 } : {});
      }),
      settings(100),
    );
    expectBoth('socket', 202);
  });

  it('POST /api/admin/games: a game is stored only for a 201, with the title as sent', async () => {
    const flag = mostly(fc.boolean(), oddValue);
    const game = fc.record(
      {
        title: mostly(fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), fc.constantFrom(' ', '<b>bold</b>', '遊戲 🎮')), fc.oneof(fc.constantFrom('', 'x'.repeat(201)), oddValue)),
        loginDelayMs: mostly(fc.integer({ min: 0, max: 120_000 }), fc.oneof(fc.constantFrom(-1, 120_001, 0.5), number, oddValue)),
        requirePin: flag,
        showLeaderboard: flag,
        showFeedValues: flag,
      },
      { requiredKeys: ['title'] },
    );
    await fc.assert(
      fc.asyncProperty(body(game), async (b) => {
        const before = counts();
        const res = await send('/api/admin/games', b, { token: server.adminToken });
        count('games', res.status);
        checkAnswer(res, [201, 400]);
        expect(delta(before, counts())).toEqual(res.status === 201 ? { Game: 1 } : {});
        if (res.status === 201) expect(res.body.title).toBe((b as { title: string }).title);
      }),
      settings(),
    );
    expectBoth('games', 201);
  });

  it('POST /api/admin/games/:id/levels: a level is stored only for a 201', async () => {
    // Expressions from pieces of mathjs syntax, valid and not, including what must never run (import, evaluate).
    const pieces = ['x', 'y', 'z', 't', '1', '2.5', '0', '+', '-', '*', '/', '^', '(', ')', 'sin(', 'exp(', 'log(', 'sqrt(', 'abs(', 'max(', ',', '1e308', 'Infinity', 'NaN', 'pi', ' ', '=', 'import(', 'evaluate(', 'f(x)=x', '[', ']', '{', '}', '"', '.', '!', '?', ':', '1/0', 'x^x^x', 'factorial(', '%', ';', 'cube('];
    const expression = fc.oneof(
      { arbitrary: fc.constantFrom('x^2', '(x - 1)^2 + y^2', 'sin(x) + x^2 / 10', 'abs(x)', 'log(x)', '1/x', 'sqrt(x)', 'x', 'x + y', 'exp(x^2)', 'x^2 + y^2', 'cos(3x) + x^2'), weight: 6 },
      { arbitrary: fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((a) => a.join('')), weight: 2 },
      { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
      { arbitrary: oddValue, weight: 1 },
    );
    const bound = fc.integer({ min: -20, max: 20 });
    const interval = mostly(
      fc.tuple(bound, bound).map(([a, b]) => (a < b ? [a, b] : [b - 1, a + 1])),
      fc.oneof(fc.tuple(number, number), fc.tuple(bound, bound), fc.array(number, { maxLength: 3 }), oddValue),
    );
    const domain = mostly(fc.array(interval, { minLength: 1, maxLength: 2 }), fc.oneof(fc.array(interval, { maxLength: 3 }), oddValue));
    const level = fc.record(
      {
        title: mostly(fc.string({ minLength: 1, maxLength: 20 }), fc.oneof(fc.constant(''), oddValue)),
        expression,
        domain,
        delayMs: mostly(fc.integer({ min: 0, max: 600_000 }), fc.oneof(fc.constantFrom(-1, 600_001), oddValue)),
        budget: mostly(fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constant(null)), fc.oneof(fc.constantFrom(0, 10_001), oddValue)),
        timeLimitMs: mostly(fc.oneof(fc.integer({ min: 1000, max: 86_400_000 }), fc.constant(null)), fc.oneof(fc.constantFrom(999, 86_400_001), oddValue)),
        password: mostly(fc.string({ minLength: 1, maxLength: 30 }), fc.oneof(fc.constantFrom('fuzz-line', 'FUZZ-LINE ', ' ', 'x'.repeat(101)), oddValue)),
        start: mostly(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 2 })), fc.oneof(number, fc.array(number, { maxLength: 3 }), oddValue)),
      },
      { requiredKeys: ['title', 'expression', 'domain'] },
    );
    await fc.assert(
      fc.asyncProperty(body(level), async (b) => {
        const before = counts();
        const res = await send(`/api/admin/games/${gameId}/levels`, b, { token: server.adminToken });
        count('levels', res.status);
        checkAnswer(res, [201, 400, 409]);
        expect(delta(before, counts())).toEqual(res.status === 201 ? { Level: 1 } : {});
        if (res.status === 201) {
          expect(Number.isFinite(res.body.fStar) && Number.isFinite(res.body.median)).toBe(true);
          expect(res.body.fStar).toBeLessThanOrEqual(res.body.median);
        }
      }),
      settings(80),
    );
    expectBoth('levels', 201);
  }, process.env.FUZZ_RUNS ? 900_000 : 60_000);

  it('POST /api/admin/games/:id/teams: teams are stored only for a 201, as many as answered', async () => {
    const team = fc.record(
      {
        number: mostly(fc.integer({ min: 0, max: 60 }), fc.oneof(fc.constantFrom(-1, 1_000_001), number, oddValue)),
        name: mostly(fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), fc.constantFrom('<script>alert(1)</script>', '=1+1')), fc.oneof(fc.constantFrom('', 'x'.repeat(101)), oddValue)),
        pin: mostly(fc.oneof(fc.string({ minLength: 1, maxLength: 50 }), fc.constant(null)), fc.oneof(fc.constant(''), oddValue)),
      },
      { requiredKeys: ['number'] },
    );
    const teams = fc.oneof(
      fc.record({ count: mostly(fc.integer({ min: 1, max: 5 }), fc.oneof(fc.constantFrom(0, -1, 501, 1e9, 1.5), oddValue)), pins: mostly(fc.boolean(), oddValue) }, { requiredKeys: ['count'] }),
      fc.record({ teams: mostly(fc.array(team, { minLength: 1, maxLength: 3 }), fc.oneof(fc.constant([]), oddValue)) }),
    );
    await fc.assert(
      fc.asyncProperty(body(teams), async (b) => {
        const before = counts();
        const res = await send(`/api/admin/games/${gameId}/teams`, b, { token: server.adminToken });
        count('teams', res.status);
        checkAnswer(res, [201, 400, 409]);
        expect(delta(before, counts())).toEqual(res.status === 201 ? { Team: res.body.teams.length } : {});
      }),
      settings(),
    );
    expectBoth('teams', 201);
  });

  it('any text with any content type, on every body route: 4xx, nothing stored', async () => {
    const routes = ['/api/login', '/api/guesses', '/api/admin/login', '/api/admin/games', `/api/admin/games/${gameId}/levels`, `/api/admin/games/${gameId}/teams`];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), rawText, contentType, async (route, raw, type) => {
        const before = counts();
        const token = route === '/api/guesses' ? tokens.line : route.startsWith('/api/admin/') && route !== '/api/admin/login' ? server.adminToken : undefined;
        const res = await send(route, null, { raw, contentType: type, token });
        checkAnswer(res, [200, 201, 202, 400, 401, 413]);
        // A raw text that happens to be a valid body ('{"x":1}') may pass; the rest must store nothing.
        if (res.status < 300) return;
        expect(delta(before, counts())).toEqual({});
      }),
      settings(),
    );
  });

  afterAll(() => {
    // What the properties met, for whoever reads the test log.
    for (const [property, t] of tally) console.log(`fuzz ${property}: ${[...t].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`);
  });
});

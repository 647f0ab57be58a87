/**
 * How often a client may try to sign in (the rule is in server/game/limits.ts), through the real HTTP API on a clock
 * the test moves: a class behind one address all gets in, a guesser behind one address is stopped within 50
 * attempts whatever team numbers it names, 429 says when to come back and means it, successful logins are bounded
 * and old sessions end, the admin sign-in is limited per address and for everyone with a wait that grows, and
 * behind a proxy the client's own X-Forwarded-For entries choose nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { trustHops } from '../../server/config.ts';
import { SESSIONS_PER_TEAM, TEAM_SESSION_LIFETIME_MS } from '../../server/game/sign-in.ts';
import { FakeClock, flush } from '../helpers/fake-clock.ts';
import { ADMIN_PASSWORD, buildTestApp } from '../helpers/server.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A fake clock that tells when its next timer is due. */
class SteppingClock extends FakeClock {
  private readonly due = new Map<unknown, number>();
  override setTimeout(fn: () => void, ms: number): unknown {
    const handle: unknown = super.setTimeout(() => {
      this.due.delete(handle);
      fn();
    }, ms);
    this.due.set(handle, this.now() + Math.max(0, ms));
    return handle;
  }
  override clearTimeout(handle: unknown): void {
    this.due.delete(handle);
    super.clearTimeout(handle);
  }
  nextTimerAt(): number | null {
    return this.due.size ? Math.min(...this.due.values()) : null;
  }
}
const clock = new SteppingClock();
let app: FastifyInstance;
let close: () => Promise<void>;
let adminToken = '';
let gameId = 0;
let teamIds = new Map<number, number>();

type Answer = { status: number; body: any; headers: Record<string, unknown> };
async function call(target: FastifyInstance, o: { url: string; payload?: unknown; token?: string; remoteAddress?: string; headers?: Record<string, string> }): Promise<Answer> {
  const res = await target.inject({
    method: o.payload === undefined ? 'GET' : 'POST',
    url: o.url,
    payload: o.payload as object | undefined,
    remoteAddress: o.remoteAddress ?? '10.40.0.1',
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}
const login = (payload: Record<string, unknown>, remoteAddress: string, token?: string) => call(app, { url: '/api/login', payload, remoteAddress, token });
const admin = async (url: string, payload?: unknown) => (await call(app, { url: `/api/admin${url}`, payload, token: adminToken })).body;

/** Runs attempts a batch at a time, each batch in parallel (a script with many connections). */
async function inBatches<T>(count: number, batch: number, attempt: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += batch) out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, k) => attempt(start + k)))));
  return out;
}

/**
 * A request whose answer waits on the clock (a wrong admin password waits 1 s): each time the server sets a timer,
 * time jumps to it. Time never moves while the server hashes or reads (real work), so no window slides meanwhile.
 */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const result = promise.finally(() => {
    done = true;
  });
  const realStart = Date.now();
  while (!done && Date.now() - realStart < 20_000) {
    await flush();
    const next = clock.nextTimerAt();
    if (!done && next !== null) await clock.advance(Math.max(0, next - clock.now()));
    else if (!done) await new Promise((r) => setTimeout(r, 2));
  }
  return result;
}

/** Moves the clock to the start of a window of `ms`, one whole window after the last use (nothing is carried over). */
async function freshWindow(ms: number): Promise<void> {
  await clock.advance(ms - (clock.now() % ms) + ms);
}

/** What every 429 must carry: the code, and when to come back in the header and in the body alike. */
function expectRetryAfter(a: Answer): number {
  expect(a.status).toBe(429);
  expect(a.body.error.code).toBe('RATE_LIMITED');
  const seconds = a.body.error.params.retryAfterS;
  expect(Number.isInteger(seconds) && seconds > 0).toBe(true);
  expect(a.headers['retry-after']).toBe(String(seconds));
  return seconds;
}

/**
 * The wait of a refused admin sign-in, from its message (the admin routes answer with the shared error schema, which
 * does not carry `params` yet: see the report).
 */
function adminWait(a: Answer): number {
  expect(a.status).toBe(429);
  expect(a.body.error.code).toBe('RATE_LIMITED');
  const seconds = Number(/try again in (\d+) s/.exec(a.body.error.message)?.[1]);
  expect(Number.isInteger(seconds) && seconds > 0).toBe(true);
  return seconds;
}

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;
/** A code that is not `code` (one character changed). */
const wrongCode = (code: string, i: number) => ('CDEF'[i % 4] === code[0] ? 'G' : 'CDEF'[i % 4]) + code.slice(1);

beforeAll(async () => {
  ({ app, close } = await buildTestApp({ clock }));
  adminToken = (await call(app, { url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } })).body.token;
  const game = await admin('/games', { title: 'Limits', loginDelayMs: 0 });
  gameId = game.id;
  await admin(`/games/${gameId}/activate`, {});
  for (const password of ['alpha', 'beta']) {
    const level = await admin(`/games/${gameId}/levels`, { title: password, expression: 'x^2', domain: [[-1, 1]], password });
    await admin(`/levels/${level.id}/open`, {});
  }
  const { teams } = await admin(`/games/${gameId}/teams`, { count: 80 });
  teamIds = new Map(teams.map((t: any) => [t.number, t.id]));
});
afterAll(async () => {
  await close();
});

describe('a class behind one address', () => {
  it('gets in whole: 60 devices of 15 teams, 40 of them typing a wrong password or code first', async () => {
    const address = '192.168.0.1';
    // Device d of team t (t = 1..15, d = 0..3); two devices in three type something wrong first.
    const devices = Array.from({ length: 60 }, (_, i) => ({ team: (i % 15) + 1, first: i < 15, typo: i % 3 !== 0 }));
    expect(devices.filter((d) => d.typo)).toHaveLength(40);
    const codes = new Map<number, string>();
    const answers: { typo: Answer[]; right: Answer[] } = { typo: [], right: [] };
    // The first device of each team logs in (claiming it), then the others with the code it shows.
    for (const phase of [devices.filter((d) => d.first), devices.filter((d) => !d.first)]) {
      const results = await Promise.all(
        phase.map(async (d, i) => {
          const code = codes.get(d.team);
          const typo = d.typo ? await login(i % 2 || !code ? { team: d.team, password: 'alpah', code } : { team: d.team, password: 'alpha', code: wrongCode(code, i) }, address) : null;
          const right = await login({ team: d.team, password: ' Alpha', code: codes.get(d.team) }, address);
          return { typo, right, d };
        }),
      );
      for (const r of results) {
        if (r.typo) answers.typo.push(r.typo);
        answers.right.push(r.right);
        if (r.right.status === 200) codes.set(r.d.team, r.right.body.team.code);
      }
    }
    expect(answers.typo.map((a) => a.status)).toEqual(Array(40).fill(401));
    expect(answers.right.map((a) => a.status)).toEqual(Array(60).fill(200));
    expect(codes.size).toBe(15);
  });
});

describe('a password guesser behind one address', () => {
  it('is stopped within the first 50 of 1 000 wrong passwords or codes, whatever team numbers it names', async () => {
    await freshWindow(10 * MINUTE);
    // Teams 61..70 are claimed by their devices elsewhere; the guesser knows the level password, not their codes.
    const codes = new Map<number, string>();
    for (let t = 61; t <= 70; t++) codes.set(t, (await login({ team: t, password: 'alpha' }, `10.41.0.${t}`)).body.team.code);
    const guesser = '192.168.9.9';
    const answers = await inBatches(1000, 100, (i) =>
      login(i % 2 === 0 ? { team: (i % 100) + 1, password: `guess-${i}` } : { team: 61 + (i % 10), password: 'alpha', code: wrongCode(codes.get(61 + (i % 10))!, i) }, guesser),
    );
    expect(count(answers, 401)).toBe(50);
    expect(count(answers, 429)).toBe(950);
    const waits = answers.filter((a) => a.status === 429).map(expectRetryAfter);
    // The address's 50 failures fill the 10-minute window: it may try again once the window has passed.
    expect(Math.max(...waits)).toBeLessThanOrEqual(601);

    // From that address even the right code is refused now (guessing on cannot find it) …
    const right = { team: 61, password: 'alpha', code: codes.get(61) };
    const refused = await login(right, guesser);
    const wait = expectRetryAfter(refused);
    // … while the same team gets in from elsewhere, and a device already in switches level from the guesser's address.
    const elsewhere = await login(right, '10.41.1.1');
    expect(elsewhere.status).toBe(200);
    expect((await login({ password: 'beta' }, guesser, elsewhere.body.token)).status).toBe(200);

    // Retry-After tells the truth: a moment before it, still refused; after it, the login is checked again.
    await clock.advance(wait * 1000 - 2000);
    expect((await login(right, guesser)).status).toBe(429);
    await clock.advance(2000);
    expect((await login(right, guesser)).status).toBe(200);
  });

  it("refuses a team after its own 10 failures from an address, never its classmates at that address", async () => {
    await freshWindow(10 * MINUTE);
    const address = '192.168.3.3';
    const wrong = await inBatches(10, 10, (i) => login({ team: 20, password: `nope-${i}` }, address));
    expect(wrong.map((a) => a.status)).toEqual(Array(10).fill(401));
    expectRetryAfter(await login({ team: 20, password: 'alpha' }, address));
    expect((await login({ team: 21, password: 'alpha' }, address)).status).toBe(200);
    expect((await login({ team: 20, password: 'alpha' }, '192.168.3.4')).status).toBe(200);
  });

  it('counts wrong passwords through the level switch against its team at that address', async () => {
    await freshWindow(10 * MINUTE);
    const { token } = (await login({ team: 22, password: 'alpha' }, '192.168.4.4')).body;
    const wrong = await inBatches(12, 12, (i) => login({ password: `level-${i}` }, '192.168.4.4', token));
    expect(count(wrong, 401)).toBe(10);
    expect(wrong.filter((a) => a.status === 429).map(expectRetryAfter)).toHaveLength(2);
    expectRetryAfter(await login({ password: 'beta' }, '192.168.4.4', token));
    expect((await login({ password: 'beta' }, '192.168.4.5', token)).status).toBe(200);
  });
});

describe('successful logins', () => {
  it('of one team are bounded at 20 a minute: 1 000 by one script make 20 sessions', async () => {
    await freshWindow(10 * MINUTE);
    const first = await login({ team: 30, password: 'alpha' }, '10.42.0.1');
    const code = first.body.team.code;
    const answers = await inBatches(999, 111, (i) => login({ team: 30, password: 'alpha', code }, `10.42.${1 + (i % 200)}.1`));
    expect(count(answers, 200)).toBe(19);
    answers.filter((a) => a.status !== 200).forEach(expectRetryAfter);
    expect(await app.store.db.teamSession.count({ where: { teamId: teamIds.get(30) } })).toBe(20);
  });

  it('from one address are bounded at 120 a minute', async () => {
    await freshWindow(10 * MINUTE);
    const codes = new Map<number, string>();
    for (let t = 31; t <= 60; t++) codes.set(t, (await login({ team: t, password: 'alpha' }, `10.43.0.${t}`)).body.team.code);
    const before = await app.store.db.teamSession.count();
    const answers = await inBatches(1000, 100, (i) => login({ team: 31 + (i % 30), password: 'alpha', code: codes.get(31 + (i % 30)) }, '192.168.5.5'));
    expect(count(answers, 200)).toBe(120);
    answers.filter((a) => a.status !== 200).forEach(expectRetryAfter);
    expect((await app.store.db.teamSession.count()) - before).toBe(120);
  });

  it(`keep at most ${SESSIONS_PER_TEAM} sessions a team: the oldest tokens end`, async () => {
    await freshWindow(10 * MINUTE);
    const tokens: string[] = [];
    let code: string | undefined;
    for (let i = 0; i < SESSIONS_PER_TEAM + 10; i++) {
      // 20 a minute is the team's limit: a minute with none clears it.
      if (i > 0 && i % 20 === 0) await clock.advance(2 * MINUTE);
      // A script's logins are milliseconds apart (the store tells older from newer by the time of login).
      await clock.advance(1);
      const answer = await login({ team: 71, password: 'alpha', code }, '10.44.0.1');
      expect(answer.status).toBe(200);
      code = answer.body.team.code;
      tokens.push(answer.body.token);
    }
    expect(await app.store.db.teamSession.count({ where: { teamId: teamIds.get(71) } })).toBe(SESSIONS_PER_TEAM);
    const me = await Promise.all(tokens.map((token) => call(app, { url: '/api/me', token })));
    expect(me.map((a) => a.status)).toEqual([...Array(10).fill(401), ...Array(SESSIONS_PER_TEAM).fill(200)]);
  });
});

describe('the admin sign-in', () => {
  const signIn = (password: string, remoteAddress: string) => settle(call(app, { url: '/api/admin/login', payload: { password }, remoteAddress }));

  it('hashes at most 5 guesses a minute from one address, however many arrive at once', async () => {
    await freshWindow(HOUR);
    const answers = await settle(Promise.all(Array.from({ length: 30 }, (_, i) => call(app, { url: '/api/admin/login', payload: { password: `guess-${i}` }, remoteAddress: '10.50.0.1' }))));
    // At most 5 (attempts refused at the same moment hold their place until they give it back: a burst may get fewer).
    expect(count(answers, 401)).toBeGreaterThan(0);
    expect(count(answers, 401)).toBeLessThanOrEqual(5);
    expect(count(answers, 401) + count(answers, 429)).toBe(30);
    // One at a time, the guesser gets exactly the rest of its 5.
    const more: Answer[] = [];
    for (let i = 0; i < 6 && more.at(-1)?.status !== 429; i++) more.push(await signIn(`again-${i}`, '10.50.0.1'));
    expect(count(answers, 401) + count(more, 401)).toBe(5);
    // Refused now even with the right password.
    expect(adminWait(await signIn(ADMIN_PASSWORD, '10.50.0.1'))).toBeLessThanOrEqual(61);
    expect((await signIn(ADMIN_PASSWORD, '10.50.0.2')).status).toBe(200);
  });

  it('makes a guesser wait longer and longer: about a minute, then up to 15 minutes, then up to an hour', async () => {
    await freshWindow(HOUR);
    const started = clock.now();
    const waits: { afterFailures: number; seconds: number }[] = [];
    let failures = 0;
    // Until the hour's limit (20) has refused once.
    while (waits.length === 0 || waits.at(-1)!.afterFailures < 20) {
      const answer = await signIn(`guess-${failures}`, '10.51.0.1');
      if (answer.status === 401) {
        failures++;
        continue;
      }
      const seconds = adminWait(answer);
      waits.push({ afterFailures: failures, seconds });
      await clock.advance(seconds * 1000);
      // The wait is the truth: after it, the next attempt is looked at.
      const next = await signIn(`guess-${failures}`, '10.51.0.1');
      expect(next.status).toBe(401);
      failures++;
    }
    console.log(`admin sign-in waits (failures so far → seconds): ${waits.map((w) => `${w.afterFailures}→${w.seconds}`).join(' ')}`);
    expect(waits[0].afterFailures).toBe(5);
    expect(waits[0].seconds).toBeLessThanOrEqual(61);
    expect(waits.find((w) => w.afterFailures === 10)!.seconds).toBeGreaterThan(10 * 60);
    expect(waits.find((w) => w.afterFailures === 20)!.seconds).toBeGreaterThan(20 * 60);
    // 21 guesses took the better part of an hour.
    expect(clock.now() - started).toBeGreaterThan(50 * MINUTE);
  });

  it('takes at most 20 failures a minute from all addresses together', async () => {
    await freshWindow(HOUR);
    const answers = await settle(Promise.all(Array.from({ length: 20 }, (_, i) => call(app, { url: '/api/admin/login', payload: { password: `spread-${i}` }, remoteAddress: `10.52.${i}.1` }))));
    expect(count(answers, 401)).toBe(20);
    const seconds = adminWait(await signIn(ADMIN_PASSWORD, '10.52.99.1'));
    expect(seconds).toBeLessThanOrEqual(61);
    await clock.advance(seconds * 1000);
    expect((await signIn(ADMIN_PASSWORD, '10.52.99.1')).status).toBe(200);
  });
});

describe('behind a reverse proxy', () => {
  for (const [name, trustProxy] of [
    ['TRUST_PROXY=1 (one proxy)', trustHops(1)],
    ["TRUST_PROXY=127.0.0.1 (the proxy's address)", '127.0.0.1'],
  ] as const) {
    it(`${name}: the client is the address the proxy saw, whatever X-Forwarded-For the client wrote`, async () => {
      const proxied = await buildTestApp({ clock: new FakeClock(), trustProxy });
      try {
        const token = (await call(proxied.app, { url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } })).body.token;
        const adm = async (url: string, payload?: unknown) => (await call(proxied.app, { url: `/api/admin${url}`, payload, token })).body;
        const created = await adm('/games', { title: 'Proxy', loginDelayMs: 0 });
        await adm(`/games/${created.id}/activate`, {});
        const level = await adm(`/games/${created.id}/levels`, { title: 'P', expression: 'x^2', domain: [[-1, 1]], password: 'proxy' });
        await adm(`/levels/${level.id}/open`, {});
        await adm(`/games/${created.id}/teams`, { count: 2 });
        // nginx appends the address it saw ($proxy_add_x_forwarded_for) to what the client sent.
        const via = (client: string, forged: string) => ({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': `${forged}, ${client}` } });
        const answers = await inBatches(15, 15, (i) => call(proxied.app, { url: '/api/login', payload: { team: 1, password: `x-${i}` }, ...via('10.60.0.1', `172.16.${i}.1`) }));
        expect(count(answers, 401)).toBe(10);
        expect(count(answers, 429)).toBe(5);
        // Another client behind the same proxy is another address.
        expect((await call(proxied.app, { url: '/api/login', payload: { team: 1, password: 'proxy' }, ...via('10.60.0.2', '10.60.0.1') })).status).toBe(200);
        // A client that is not the proxy cannot name itself.
        const direct = await inBatches(11, 11, (i) => call(proxied.app, { url: '/api/login', payload: { team: 2, password: `d-${i}` }, remoteAddress: '10.61.0.1', headers: { 'x-forwarded-for': `10.62.${i}.1` } }));
        // With the proxy's address, the direct client is itself (its 11th failure is refused); a hop count cannot
        // tell the proxy from a direct client, so the server must be reachable only through the proxy (HOST=127.0.0.1).
        expect(count(direct, 429)).toBe(typeof trustProxy === 'string' ? 1 : 0);
      } finally {
        await proxied.close();
      }
    });
  }
});

describe('team tokens', () => {
  it(`last ${TEAM_SESSION_LIFETIME_MS / (24 * HOUR)} days from their login`, async () => {
    const { token } = (await login({ team: 75, password: 'alpha' }, '10.45.0.1')).body;
    await clock.advance(TEAM_SESSION_LIFETIME_MS - MINUTE);
    expect((await call(app, { url: '/api/me', token })).status).toBe(200);
    await clock.advance(2 * MINUTE);
    expect(await call(app, { url: '/api/me', token })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    // The next login deletes expired sessions.
    expect(await app.store.db.teamSession.count({ where: { teamId: teamIds.get(75) } })).toBe(1);
    await login({ team: 76, password: 'alpha' }, '10.45.0.1');
    expect(await app.store.db.teamSession.count({ where: { teamId: teamIds.get(75) } })).toBe(0);
  });
});

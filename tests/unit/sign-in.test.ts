import { describe, expect, it } from 'vitest';
import { configFromEnv, parseTrustProxy, resolveConfig, trustHops } from '../../server/config.ts';
import { ADMIN_PASSWORD_BITS, newAdminPassword, newTeamCode, normaliseTeamCode } from '../../server/game/auth.ts';
import { estimate, RateLimits, waitMs, type Counted, type Limit, type RateStore } from '../../server/game/limits.ts';

/** The store's rate buckets in memory, with the same semantics (a fixed window per key from its first hit). */
function memoryBuckets(): RateStore {
  const rows = new Map<string, { windowStart: number; count: number }>();
  return {
    async hit(key, windowMs, now) {
      const row = rows.get(key);
      if (!row || row.windowStart <= now - windowMs) rows.set(key, { windowStart: now, count: 1 });
      else row.count++;
      return rows.get(key)!.count;
    },
    async hits(key, windowMs, now) {
      const row = rows.get(key);
      return row && row.windowStart > now - windowMs ? row.count : 0;
    },
    async unhit(key) {
      const row = rows.get(key);
      if (row && row.count > 0) row.count--;
    },
    async pruneHits(olderThan) {
      for (const [key, row] of rows) if (row.windowStart < olderThan) rows.delete(key);
    },
  };
}

/** A small seeded generator (mulberry32): the seed is printed, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

describe('the sliding count', () => {
  const limit: Limit = { name: 'x', max: 10, windowMs: 60_000 };

  it('weighs the previous window by the share of it still within reach', () => {
    expect(estimate(limit, 3, 10, T0)).toBe(13);
    expect(estimate(limit, 3, 10, T0 + 30_000)).toBe(8);
    expect(estimate(limit, 3, 10, T0 + 45_000)).toBe(5.5);
    expect(estimate(limit, 3, 0, T0 + 59_999)).toBe(3);
  });

  it('says how long to wait, exactly: refused a moment (3 ms) before, allowed at it (random counts, seed logged)', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000);
    console.log(`sliding-count seed ${seed} (SEED=${seed} replays it)`);
    const rnd = random(seed);
    for (let i = 0; i < 5000; i++) {
      const l: Limit = { name: 'x', max: 1 + Math.floor(rnd() * 60), windowMs: [1000, 60_000, 600_000][i % 3] };
      const current = Math.floor(rnd() * (l.max + 5));
      const previous = Math.floor(rnd() * (l.max * 2 + 5));
      const now = T0 + Math.floor(rnd() * l.windowMs);
      const wait = waitMs(l, current, previous, now);
      if (estimate(l, current, previous, now) < l.max) {
        expect(wait).toBe(0);
        continue;
      }
      // The counts as they will be at `t`: in the next window this one's events are the previous ones.
      const at = (t: number): [number, number] => {
        const ahead = Math.floor(t / l.windowMs) - Math.floor(now / l.windowMs);
        return ahead === 0 ? [current, previous] : ahead === 1 ? [0, current] : [0, 0];
      };
      const context = JSON.stringify({ l, current, previous, now, wait });
      expect(estimate(l, ...at(now + wait), now + wait), context).toBeLessThan(l.max);
      // A moment before, but not before `now` (a wait under 3 ms: the counts before `now` are not these).
      const before = Math.max(now, now + wait - 3);
      expect(estimate(l, ...at(before), before), context).toBeGreaterThanOrEqual(l.max);
    }
  });

  it('lets a client that tries every second through at the limit per window, and never twice the limit within one window length', async () => {
    const l: Limit = { name: 'x', max: 10, windowMs: 60_000 };
    const rates = new RateLimits(memoryBuckets());
    const admitted: number[] = [];
    for (let t = T0; t < T0 + 30 * l.windowMs; t += 1000) {
      if ((await rates.wait([{ limit: l, key: 'a' }], t)) > 0) continue;
      await rates.add([{ limit: l, key: 'a' }], t);
      admitted.push(t);
    }
    for (let w = 0; w < 30; w++) expect(admitted.filter((t) => Math.floor((t - T0) / l.windowMs) === w).length).toBeLessThanOrEqual(l.max);
    for (const t of admitted) expect(admitted.filter((u) => u >= t && u < t + l.windowMs).length).toBeLessThan(2 * l.max);
    // Over half an hour it averages the limit.
    expect(admitted.length).toBeGreaterThanOrEqual(30 * (l.max - 1));
  });

  it('reserves: of many attempts at once exactly the limit is counted, and a taken-back one frees its place', async () => {
    const l: Limit = { name: 'x', max: 5, windowMs: 60_000 };
    const rates = new RateLimits(memoryBuckets());
    const results = await Promise.all(Array.from({ length: 20 }, () => rates.reserve([{ limit: l, key: 'a' }], T0)));
    const counted = results.filter((r) => 'counted' in r);
    expect(counted).toHaveLength(5);
    expect(results.filter((r) => 'waitMs' in r && r.waitMs > 0)).toHaveLength(15);
    await rates.takeBack((counted[0] as { counted: [] }).counted);
    expect('counted' in (await rates.reserve([{ limit: l, key: 'a' }], T0))).toBe(true);
    expect('waitMs' in (await rates.reserve([{ limit: l, key: 'a' }], T0))).toBe(true);
    // Another key is not touched.
    expect('counted' in (await rates.reserve([{ limit: l, key: 'b' }], T0))).toBe(true);
  });

  it('remembers a refusal until its moment: a flood over the limit reads and writes nothing, and a taken-back event or the time frees it', async () => {
    const l: Limit = { name: 'x', max: 3, windowMs: 60_000 };
    const buckets = memoryBuckets();
    let calls = 0;
    const counting: RateStore = {
      hit: (...a) => (calls++, buckets.hit(...a)),
      hits: (...a) => (calls++, buckets.hits(...a)),
      unhit: (...a) => (calls++, buckets.unhit(...a)),
      pruneHits: (...a) => (calls++, buckets.pruneHits(...a)),
    };
    const rates = new RateLimits(counting);
    const a = [{ limit: l, key: 'a' }];
    const kept = [];
    for (let i = 0; i < 3; i++) kept.push(await rates.reserve(a, T0));
    const refused = await rates.reserve(a, T0);
    expect('waitMs' in refused).toBe(true);
    const wait = (refused as { waitMs: number }).waitMs;
    expect(await rates.wait(a, T0)).toBe(wait);

    const before = calls;
    for (let i = 0; i < 1000; i++) {
      expect(await rates.reserve(a, T0 + 1)).toEqual({ waitMs: wait - 1 });
      expect(await rates.wait(a, T0 + 1)).toBe(wait - 1);
    }
    expect(calls).toBe(before);
    // The store agrees with what was remembered.
    expect(await new RateLimits(buckets).wait(a, T0 + 1)).toBe(wait - 1);

    // A right attempt taken back frees a place at once…
    await rates.takeBack((kept[0] as { counted: Counted[] }).counted);
    expect('counted' in (await rates.reserve(a, T0 + 2))).toBe(true);
    expect('waitMs' in (await rates.reserve(a, T0 + 2))).toBe(true);
    // …and at the remembered moment the store is asked again, and allows.
    expect(await rates.wait(a, T0 + 2 + (await rates.wait(a, T0 + 2)))).toBe(0);
  });
});

describe('made-up secrets', () => {
  it('team codes: 4 characters without look-alikes, typed in any case with spaces or dashes', () => {
    const codes = Array.from({ length: 2000 }, newTeamCode);
    for (const code of codes) expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{4}$/);
    // 25⁴ = 390 625 codes: 2 000 draws repeat about 5 of them (C(2000, 2) / 390 625 = 5.1, Poisson). 25 or more repeats
    // has odds below 10⁻⁹ for a uniform draw; a draw from a few thousand codes would repeat hundreds.
    expect(2000 - new Set(codes).size).toBeLessThan(25);
    expect(normaliseTeamCode(' k7-qm ')).toBe('K7QM');
  });

  it('a generated admin password carries at least 60 bits and reads as four groups of letters and digits', () => {
    expect(ADMIN_PASSWORD_BITS).toBeGreaterThanOrEqual(60);
    const passwords = Array.from({ length: 1000 }, newAdminPassword);
    for (const p of passwords) expect(p).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
    expect(new Set(passwords).size).toBe(1000);
  });
});

describe('TRUST_PROXY', () => {
  it('takes a number of proxies or their addresses, and nothing for unset, 0 or false', () => {
    for (const off of ['', '0', 'false', ' FALSE ']) expect(parseTrustProxy(off)).toBe(false);
    const one = parseTrustProxy('1');
    expect(typeof one).toBe('function');
    const rule = one as (address: string, hop: number) => boolean;
    // The socket's peer (hop 0) is the proxy; what it says the client is (hop 1) is not trusted further.
    expect([rule('127.0.0.1', 0), rule('10.0.0.9', 1)]).toEqual([true, false]);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8, loopback')).toBe('127.0.0.1, 10.0.0.0/8,::1,fd00::/8, loopback');
    expect(configFromEnv({ TRUST_PROXY: '10.1.2.3' }).trustProxy).toBe('10.1.2.3');
    expect(typeof configFromEnv({ TRUST_PROXY: '2' }).trustProxy).toBe('function');
    expect(configFromEnv({}).trustProxy).toBe(false);
  });

  it('refuses "trust everything" at start, saying what to write instead', () => {
    for (const v of ['true', 'TRUE', '*']) expect(() => configFromEnv({ TRUST_PROXY: v })).toThrow(/TRUST_PROXY=1 for one reverse proxy/);
    expect(() => resolveConfig({ trustProxy: true as never })).toThrow(/TRUST_PROXY=true would let every client choose its own address/);
  });

  it('refuses what is neither a count nor an address', () => {
    expect(() => parseTrustProxy('nginx')).toThrow(/"nginx" is not an address/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/not an address/);
    expect(() => parseTrustProxy('99')).toThrow(/1 to 10/);
    expect(() => trustHops(0)).toThrow();
    expect(() => resolveConfig({ trustProxy: '10.0.0.1,garbage' })).toThrow(/"garbage"/);
  });
});

describe('login limit settings', () => {
  it('are read from the environment, with the per-address failures left to follow the per-team ones', () => {
    const config = configFromEnv({ LOGIN_FAILURE_LIMIT: '7', LOGIN_SUCCESS_LIMIT: '300', TEAM_LOGIN_SUCCESS_LIMIT: '40' });
    expect(config).toMatchObject({ loginFailureLimit: 7, loginSuccessLimit: 300, teamLoginSuccessLimit: 40 });
    expect(config.loginAddressFailureLimit).toBeUndefined();
    expect(configFromEnv({ LOGIN_ADDRESS_FAILURE_LIMIT: '80' }).loginAddressFailureLimit).toBe(80);
    expect(() => configFromEnv({ LOGIN_SUCCESS_LIMIT: 'lots' })).toThrow(/loginSuccessLimit/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { format } from '../../shared/i18n/index.ts';
import { common } from '../../shared/i18n/common.ts';
import { play } from '../../shared/i18n/play.ts';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1366, height: 768 };
/** The game's deliberate login wait, short here; polls after a login allow for it. */
const LOGIN_DELAY_MS = 800;
const AFTER_LOGIN = { timeout: 8000 };

/** The levels this file plays (tests/unit/bundle.test.ts reads their expressions from this file and checks the bundle). */
const PLAY_E2E_LEVELS = [
  { title: 'Bowl 1-D', expression: '0.5*(x - 1)^2 + 2', domain: [[-5, 5]] as [number, number][], delayMs: 2000, budget: 5, password: 'e2e-bowl', timeLimitMs: 600_000 },
  { title: 'Plane 2-D', expression: '(x - 1)^2 + 2*(y + 2)^2 + 3', domain: [[-4, 4], [-4, 4]] as [number, number][], delayMs: 600, budget: 10, password: 'e2e-plane' },
];

/** What a zh-TW or English student reads for a key (the page's own string table). */
const zh = (key: string, params?: Record<string, string | number>) => format(play['zh-TW'][key] ?? common['zh-TW'][key], params);
const en = (key: string, params?: Record<string, string | number>) => format(play.en[key] ?? common.en[key], params);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name) });
}

/** Types the team number and password and submits with Enter, as a student would. */
async function login(page: Page, team: number, password: string): Promise<void> {
  await page.locator('gd-login-form input[name=team]').fill(String(team));
  await page.locator('gd-login-form input[name=password]').fill(password);
  await page.locator('gd-login-form input[name=password]').press('Enter');
}

async function guess(page: Page, ...coords: string[]): Promise<void> {
  const inputs = page.locator('gd-guess-input input');
  for (const [i, value] of coords.entries()) await inputs.nth(i).fill(value);
  await inputs.first().press('Enter');
}

/** The cells of the history table's rows, newest first: [#, x, f(x), slope, time]. */
async function history(page: Page): Promise<string[][]> {
  return page.locator('gd-guess-history tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
  );
}

/** What the plot holds: its Chart.js datasets by label (the canvas itself is only pixels). */
async function plotData(page: Page): Promise<Record<string, { x: number; y: number }[]>> {
  return page.evaluate(() => {
    const app = document.querySelector('gd-play-app');
    const plot = app?.shadowRoot?.querySelector('gd-guess-plot') as unknown as { chart: { chart: { data: { datasets: { label: string; data: { x: number; y: number }[] }[] } } | null } } | null;
    const datasets = plot?.chart.chart?.data.datasets ?? [];
    return Object.fromEntries(datasets.map((d) => [d.label, d.data.map((p) => ({ x: p.x, y: p.y }))]));
  });
}

describe.skipIf(!hasChromium)('team page in Chromium (phone 360×740, laptop 1366×768)', () => {
  let server: TestServer;
  let browser: Browser;
  let game: Awaited<ReturnType<typeof createGame>>;
  const contexts: BrowserContext[] = [];

  /** A fresh device on the page; `beforeLoad` sets up its network before the first request. */
  async function open(viewport: { width: number; height: number }, locale: string, beforeLoad?: (page: Page) => Promise<void>): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, deviceScaleFactor: viewport === PHONE ? 2 : 1, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await beforeLoad?.(page);
    await page.goto(`${server.url}/`);
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer();
    // One team per test, except where two devices of one team are the point: a team is claimed by its first device.
    game = await createGame(server, { levels: PLAY_E2E_LEVELS, teams: 5, loginDelayMs: LOGIN_DELAY_MS, showLeaderboard: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('logs in through the wait, refuses an invalid x without sending it, shows f(x) and the slope after the delay, and survives a reload', async () => {
    const page = await open(PHONE, 'zh-TW');
    const sentGuesses: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/guesses') && request.method() === 'POST') sentGuesses.push(request.url());
    });
    page.on('websocket', (socket) => socket.on('framesent', (frame) => String(frame.payload).includes('"guess"') && sentGuesses.push(String(frame.payload))));

    // a wrong password: the same wait, then the message in the student's language
    await login(page, 1, 'not-a-password');
    await page.getByTestId('login-wait').waitFor();
    // the form knows the game's delay from /api/info: elapsed seconds against it
    const elapsed = new RegExp(zh('login.elapsed', { s: '§', about: Math.max(1, Math.round(LOGIN_DELAY_MS / 1000)) }).replace(/[()]/g, '\\$&').replace('§', '\\d+'));
    expect(await page.getByTestId('login-wait').textContent()).toMatch(elapsed);
    await expect.poll(() => page.getByTestId('login-error').textContent(), AFTER_LOGIN).toBe(zh('error.BAD_LOGIN'));

    await login(page, 1, 'e2e-bowl');
    await page.getByTestId('login-wait').waitFor();
    await shot(page, 'play-phone-login-wait');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Bowl 1-D');
    expect(await page.getByTestId('team').textContent()).toContain(zh('play.team', { number: 1 }));
    expect(await page.getByTestId('remaining').textContent()).toBe('5');

    // invalid x: a message under the field, and nothing leaves the page
    await guess(page, '9');
    await expect.poll(() => page.getByTestId('x-error').textContent()).toBe(zh('input.outOfRange', { name: 'x', lo: '-5', hi: '5' }));
    await guess(page, 'abc');
    await expect.poll(() => page.getByTestId('x-error').textContent()).toBe(zh('input.notNumber', { name: 'x' }));
    await shot(page, 'play-phone-invalid');
    await page.waitForTimeout(300);
    expect(sentGuesses).toEqual([]);
    expect((await server.admin('GET', `/levels/${game.levels[0].id}/guesses`)).guesses).toHaveLength(0);

    // a valid x: pending with a countdown, then f(3) = 0.5·2² + 2 = 4 and the slope 2
    await guess(page, '3');
    await page.getByTestId('pending').waitFor();
    expect(await page.getByTestId('x-error').count()).toBe(0);
    await shot(page, 'play-phone-pending');
    const [pendingRow] = await history(page);
    expect(pendingRow.slice(0, 2)).toEqual(['1', '3']);
    expect(pendingRow[2]).toMatch(/^\d 秒…$/);
    expect(pendingRow[3]).toBe('—');
    await expect.poll(() => history(page).then((rows) => rows[0].slice(0, 4)), { timeout: 5000 }).toEqual(['★1', '3', '4', '2']);
    expect(await page.getByTestId('latest').textContent()).toContain('f(3) = 4');

    // a second guess: f(0) = 2.5, slope −1, now the best; newest first
    await guess(page, '0');
    await expect.poll(() => history(page).then((rows) => rows.map((r) => r.slice(0, 4))), { timeout: 5000 }).toEqual([
      ['★2', '0', '2.5', '-1'],
      ['1', '3', '4', '2'],
    ]);
    expect(await page.getByTestId('best').textContent()).toBe('2.5');
    expect(await page.getByTestId('remaining').textContent()).toBe('3');
    const plot = await plotData(page);
    expect(plot.guesses).toEqual([{ x: 3, y: 4 }]);
    expect(plot.best).toEqual([{ x: 0, y: 2.5 }]);
    await shot(page, 'play-phone-result');
    expect(sentGuesses).toHaveLength(2);

    // a reload (or a phone waking up) puts the team back where it was, without logging in again
    await page.reload();
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Bowl 1-D');
    expect(await page.locator('gd-login-form[mode=login]').count()).toBe(0);
    await expect.poll(() => history(page).then((rows) => rows.map((r) => r[2]))).toEqual(['2.5', '4']);
    await shot(page, 'play-phone-after-reload');
  });

  it('shows one team’s guesses live on its two devices, and a reconnecting banner when the connection drops', async () => {
    const [a, b] = await Promise.all([open(LAPTOP, 'en-US'), open(LAPTOP, 'en-US')]);
    await login(a, 2, 'e2e-bowl');
    await expect.poll(() => a.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Bowl 1-D');
    // the second device joins with the team code it reads off the first one's screen
    const code = ((await a.getByTestId('team-code').textContent()) ?? '').replace(en('code.chip', { code: '' }), '').trim();
    expect(code).toMatch(/^\S{4,}$/);
    await login(b, 2, 'e2e-bowl');
    await expect.poll(() => b.getByTestId('login-error').textContent(), AFTER_LOGIN).toBe(en('error.TEAM_CODE_REQUIRED'));
    await b.locator('gd-login-form input[name=code]').fill(code);
    await b.locator('gd-login-form input[name=code]').press('Enter');
    await expect.poll(() => b.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Bowl 1-D');
    await b.waitForTimeout(300); // the /team socket is up

    await guess(a, '-1');
    await expect.poll(() => history(b).then((rows) => rows[0]?.slice(0, 2))).toEqual(['1', '-1']);
    await expect.poll(() => history(b).then((rows) => rows[0].slice(0, 4)), { timeout: 5000 }).toEqual(['★1', '-1', '4', '-2']);
    await expect.poll(() => history(a).then((rows) => rows[0].slice(0, 4))).toEqual(['★1', '-1', '4', '-2']);
    // the game shows the leaderboard: the team sees its rank as the server has it
    await expect
      .poll(async () => {
        const monitor = await server.admin('GET', `/levels/${game.levels[0].id}/monitor`);
        const rank = (monitor.leaderboard as { teamId: number; rank: number }[]).find((e) => e.teamId === game.teams[1].id)?.rank;
        return (await a.getByTestId('rank').textContent()) === `#${rank}`;
      }, { timeout: 5000 })
      .toBe(true);
    await shot(a, 'play-laptop-result');

    // Wi-Fi drops on device B: the banner shows; a guess made meanwhile on A appears on B once it is back
    await b.context().setOffline(true);
    // the transport breaks under B's socket, as when the access point drops a phone (B's token is in its localStorage)
    const tokenB = await b.evaluate(() => (JSON.parse(localStorage.getItem('gd-arena.play.session') ?? '{}') as { token?: string }).token);
    expect(tokenB).toBeTruthy();
    for (const socket of await server.app.io.of('/team').fetchSockets()) {
      if ((socket.handshake.auth as { token?: string }).token === tokenB) (socket as unknown as { conn: { close(): void } }).conn.close();
    }
    await expect.poll(() => b.locator('gd-connection-banner div').textContent()).toBe(en('conn.reconnecting'));
    await shot(b, 'play-laptop-reconnecting');
    expect(await a.locator('gd-connection-banner div').count()).toBe(0);
    await guess(a, '1');
    await expect.poll(() => history(a).then((rows) => rows[0].slice(0, 4)), { timeout: 5000 }).toEqual(['★2', '1', '2', '0']);
    await b.context().setOffline(false);
    await expect.poll(() => b.locator('gd-connection-banner div').count(), { timeout: 8000 }).toBe(0);
    await expect.poll(() => history(b).then((rows) => rows.map((r) => r.slice(0, 4)))).toEqual([
      ['★2', '1', '2', '0'],
      ['1', '-1', '4', '-2'],
    ]);
  });

  it('switches level with a password only, plays a 2-D level, and shows the reveal with GD, momentum and Adam', async () => {
    const page = await open(PHONE, 'zh-TW');
    await login(page, 3, 'e2e-bowl');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Bowl 1-D');

    await page.getByTestId('open-switch').click();
    const sheet = page.locator('.sheet gd-login-form');
    await sheet.locator('input[name=password]').fill('e2e-plane');
    await shot(page, 'play-phone-switch');
    // the switch sends only the next level's password, with the team's token: no team number, no login wait
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('gd-arena.play.session') ?? '{}') as { token?: string }).token);
    const switchRequest = page.waitForRequest((r) => r.url().endsWith('/api/login') && r.method() === 'POST');
    await sheet.locator('input[name=password]').press('Enter');
    const sent = await switchRequest;
    expect(sent.postDataJSON()).toEqual({ password: 'e2e-plane' });
    expect(await sent.headerValue('authorization')).toBe(`Bearer ${token}`);
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Plane 2-D');
    expect(await page.getByTestId('team').textContent()).toContain(zh('play.team', { number: 3 }));
    expect(await history(page)).toEqual([]);

    // f(3, 0) = 2² + 2·2² + 3 = 15, ∇f = (4, 8); then f(1, −1) = 5, ∇f = (0, 4)
    await guess(page, '3', '5');
    await expect.poll(() => page.getByTestId('x-error').textContent()).toBe(zh('input.outOfRange', { name: 'y', lo: '-4', hi: '4' }));
    await guess(page, '3', '0');
    await expect.poll(() => history(page).then((rows) => rows[0]?.slice(0, 4)), { timeout: 5000 }).toEqual(['★1', '(3, 0)', '15', '(4, 8)']);
    await guess(page, '1', '-1');
    await expect.poll(() => history(page).then((rows) => rows[0]?.slice(0, 4)), { timeout: 5000 }).toEqual(['★2', '(1, -1)', '5', '(0, 4)']);
    const plot = await plotData(page);
    expect(plot.guesses).toEqual([{ x: 3, y: 0 }]);
    expect(plot.best).toEqual([{ x: 1, y: -1 }]);
    await shot(page, 'play-phone-2d');

    await server.admin('POST', `/levels/${game.levels[1].id}/close`);
    await expect.poll(() => page.getByTestId('level-status').textContent()).toBe(zh('status.closed'));
    expect(await page.locator('gd-guess-input input').count()).toBe(0);
    await server.admin('POST', `/levels/${game.levels[1].id}/reveal`);
    await expect.poll(() => page.getByTestId('expression').textContent(), { timeout: 15_000 }).toBe('f(x, y) = (x - 1)^2 + 2*(y + 2)^2 + 3');
    expect(await page.getByTestId('fstar').textContent()).toBe('3');
    await expect.poll(() => page.locator('[data-testid=comparison] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')))).toEqual([
      'team',
      'gd',
      'momentum',
      'adam',
    ]);
    const evals = await page.locator('[data-testid=comparison] tbody tr td:nth-child(3)').allTextContents();
    expect(evals).toEqual(['2', '2', '2', '2']);
    expect(await page.getByTestId('next-level').count()).toBe(1);
    await shot(page, 'play-phone-2d-revealed');
    await page.screenshot({ path: screenshotPath('play-phone-2d-revealed-full'), fullPage: true });
  });

  it('submits over HTTP when the realtime socket cannot connect, and still gets the result', async () => {
    // a network (a proxy, a captive portal) that lets the JSON API through but breaks Socket.IO, both transports
    const page = await open(PHONE, 'en-US', async (p) => {
      await p.routeWebSocket(/socket\.io/, (socket) => socket.close());
      await p.route(/\/socket\.io\//, (route) => route.abort());
    });
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/guesses')) posts.push(request.postData() ?? '');
    });
    await login(page, 4, 'e2e-bowl');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Bowl 1-D');
    expect(await page.locator('gd-connection-banner div').textContent()).toBe(en('conn.connecting'));

    // f(−3) = 0.5·16 + 2 = 10, slope −4
    await guess(page, '-3');
    await expect.poll(() => history(page).then((rows) => rows[0]?.slice(1, 4)), { timeout: 6000 }).toEqual(['-3', '10', '-4']);
    expect(posts).toEqual(['{"x":-3}']);
    expect(await page.locator('gd-connection-banner div').textContent()).toBe(en('conn.connecting'));
    await shot(page, 'play-phone-http-en');
  });

  it('reveals a 1-D level on the laptop: the true curve, the team path and the reference paths', async () => {
    const page = await open(LAPTOP, 'zh-TW');
    await login(page, 5, 'e2e-bowl');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Bowl 1-D');
    await guess(page, '2.5');
    await expect.poll(() => history(page).then((rows) => rows[0]?.slice(1, 3)), { timeout: 5000 }).toEqual(['2.5', '3.125']);
    await guess(page, '1.5');
    await expect.poll(() => history(page).then((rows) => rows[0]?.slice(1, 3)), { timeout: 5000 }).toEqual(['1.5', '2.125']);

    await server.admin('POST', `/levels/${game.levels[0].id}/close`);
    await server.admin('POST', `/levels/${game.levels[0].id}/reveal`);
    await expect.poll(() => page.getByTestId('expression').textContent(), { timeout: 15_000 }).toBe('f(x) = 0.5*(x - 1)^2 + 2');
    await expect.poll(() => plotData(page).then((d) => Object.keys(d).filter((k) => ['curve', 'team', 'gd', 'momentum', 'adam'].includes(k)).sort())).toEqual([
      'adam',
      'curve',
      'gd',
      'momentum',
      'team',
    ]);
    await shot(page, 'play-laptop-revealed');
  });

  it("fills in the team number from a team card's QR code (?team=N)", async () => {
    const page = await open(PHONE, 'en');
    await page.goto(`${server.url}/?team=2`);
    await expect.poll(() => page.locator('gd-login-form input[name=team]').inputValue()).toBe('2');
    await expect.poll(() => page.locator('gd-login-form input[name=password]').inputValue()).toBe('');
  });
});

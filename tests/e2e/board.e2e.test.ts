/**
 * The projector board (/board) in Chromium at 1920×1080 (zh-TW, animations on) and 1280×720 (?lang=en, reduced
 * motion): it follows two levels from open through guesses, a network loss, pause and close to the reveal and
 * the podium, without a reload. Screenshots go to screenshots/board-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { format } from '../../shared/i18n/index.ts';
import { common } from '../../shared/i18n/common.ts';
import { board } from '../../shared/i18n/board.ts';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { createGame, startTestServer, teamLogins, type TestServer } from '../helpers/server.ts';

/** The slides' nine (髒話因子, IQ) points: level 2 is the mean squared error of IQ = a·x + b over them. */
const DATA = [[15.35, 80], [14.35, 81], [13.9, 85], [10.7, 90], [18.4, 91], [12.2, 95], [15.606, 101], [17.7, 102], [20.33, 110]];
const MSE = DATA.map(([x, y]) => `(${x}*x + y - ${y})^2`).join(' + ');
const mse = (a: number, b: number) => DATA.reduce((s, [x, y]) => s + (a * x + b - y) ** 2, 0) / DATA.length;

/** The levels this file plays (their expressions must never be in the bundle). */
export const BOARD_E2E_LEVELS = [
  { title: '局部最小值', expression: 'x^4 - 3*x^2 + x', domain: [[-2.5, 2.5]] as [number, number][], delayMs: 300, budget: 20, password: 'e2e-board-1', timeLimitMs: 600_000 },
  { title: 'Regression IQ', expression: `(${MSE}) / 9`, domain: [[-2, 6], [0, 130]] as [number, number][], delayMs: 300, budget: 20, password: 'e2e-board-2' },
];
const f1 = (x: number) => x ** 4 - 3 * x ** 2 + x;

const zh = (key: string, params?: Record<string, string | number>) => format(board['zh-TW'][key] ?? common['zh-TW'][key], params);
const en = (key: string, params?: Record<string, string | number>) => format(board.en[key] ?? common.en[key], params);

/** The board's number format (client/common/i18n.ts `num`), to assert the exact text a student reads. */
function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits + 2)).toString();
}

/** A TCP relay between the projector and the server that can drop every connection, like a classroom Wi-Fi. */
class FlakyLink {
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(private readonly target: number) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

describe.skipIf(!hasChromium)('projector board in Chromium (1920×1080 zh-TW, 1280×720 ?lang=en)', () => {
  let server: TestServer;
  let browser: Browser;
  let link: FlakyLink;
  let game: Awaited<ReturnType<typeof createGame>>;
  let joinUrls: string[];
  let projector: Page; // 1920×1080, zh-TW from the browser, through the flaky link, animations on
  let laptop: Page; // 1280×720, browser in zh-TW but forced to English by ?lang=en, reduced motion
  const contexts: BrowserContext[] = [];
  const tokens = new Map<number, string>();

  const shot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(`board-${name}-${page === projector ? '1920' : '1280-en'}`) });
  const text = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).first();

  const teamLogin = (() => {
    let logins: ReturnType<typeof teamLogins> | null = null;
    return (team: number, password: string) => (logins ??= teamLogins(server.url))(team, password);
  })();
  async function login(team: number, password: string): Promise<string> {
    const token = await teamLogin(team, password);
    tokens.set(team, token);
    return token;
  }

  /** A team's guess, waited for until its result is out (what the board may show). */
  async function guess(team: number, x: number | number[]): Promise<void> {
    const token = tokens.get(team)!;
    const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x }) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };
    await fetch(`${server.url}/api/guesses/${id}?wait=1`, { headers: { authorization: `Bearer ${token}` } });
  }

  /** The live leaderboard as shown: [rank, team number, best f] per row. */
  function leaderboardRows(page: Page): Promise<string[][]> {
    return page.locator('[data-testid="leaderboard"] .row[data-key]').evaluateAll((rows) =>
      rows.map((row) => ['.rank', '.team-no', '[data-testid="best"]'].map((s) => (row.querySelector(s)?.textContent ?? '').trim())),
    );
  }

  async function open(viewport: { width: number; height: number }, origin: string, query: string, reducedMotion: 'reduce' | 'no-preference'): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-TW', reducedMotion });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${origin}/board${query}`);
    // Survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'error' });
    game = await createGame(server, { levels: BOARD_E2E_LEVELS, teams: 4, open: false, showLeaderboard: true });
    await server.admin('PATCH', `/games/${game.gameId}`, { showFeedValues: true });
    await server.admin('PATCH', `/levels/${game.levels[0].id}`, { start: 2, showPassword: true });
    await server.admin('PATCH', `/levels/${game.levels[1].id}`, { start: [5, 20] });
    await server.admin('PATCH', `/teams/${game.teams[2].id}`, { name: '梯度下降隊' });
    joinUrls = ((await (await fetch(`${server.url}/api/info`)).json()) as { joinUrls: string[] }).joinUrls;
    link = new FlakyLink(Number(new URL(server.url).port));
    await link.up();
    browser = await launchBrowser();
    [projector, laptop] = await Promise.all([
      open({ width: 1920, height: 1080 }, `http://127.0.0.1:${link.port}`, '', 'no-preference'),
      open({ width: 1280, height: 720 }, server.url, '?lang=en', 'reduce'),
    ]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await link?.down();
    await server?.close();
  });

  it('shows how to join before any level opens', async () => {
    await expect.poll(() => text(projector, 'join-url').textContent()).toBe(joinUrls[0] ?? `http://127.0.0.1:${link.port}/`);
    await expect.poll(() => text(laptop, 'join-url').textContent()).toBe(joinUrls[0] ?? `${server.url}/`);
    await expect.poll(() => projector.locator('.lead').textContent()).toContain(zh('board.lobby.waiting'));
    await expect.poll(() => laptop.locator('.lead').textContent()).toContain(en('board.lobby.waiting'));
    await expect.poll(() => projector.locator('gd-join-card svg path').count()).toBe(1);
    await Promise.all([shot(projector, 'lobby'), shot(laptop, 'lobby')]);
  });

  it('follows the level live: title, password, countdown, leaderboard and guesses arriving', async () => {
    await server.admin('POST', `/levels/${game.levels[0].id}/open`);
    for (const [page, tr] of [[projector, zh], [laptop, en]] as const) {
      await expect.poll(() => text(page, 'level-title').textContent()).toBe('局部最小值');
      await expect.poll(() => text(page, 'status').textContent()).toBe(tr('status.open'));
      await expect.poll(() => text(page, 'password').textContent()).toBe('e2e-board-1');
      await expect.poll(() => text(page, 'countdown').textContent()).toMatch(/^(9:[0-5]\d|10:00)$/);
      await expect.poll(() => page.locator('gd-leaderboard .empty').textContent()).toBe(tr('board.leaderboard.empty'));
    }

    for (const team of [1, 2, 3, 4]) await login(team, 'e2e-board-1');
    await Promise.all([guess(1, 1), guess(2, -1), guess(3, 2)]);
    await guess(1, -1.5);

    const expected = [['1', '1', num(f1(-1.5))], ['2', '2', num(f1(-1))], ['3', '3', num(f1(2))]];
    expect(expected.map((row) => row[2])).toEqual(['-3.1875', '-3', '6']);
    for (const [page, tr] of [[projector, zh], [laptop, en]] as const) {
      await expect.poll(() => leaderboardRows(page)).toEqual(expected);
      await expect.poll(() => text(page, 'playing').textContent()).toBe(tr('board.playing', { n: 3, total: 4 }));
      // Newest first: team 1's second guess, then 3, 2 and team 1's first; with values (the instructor allows them).
      await expect.poll(() => page.locator('[data-testid="feed"] li .team-no').allTextContents()).toEqual(['1', '3', '2', '1']);
      await expect.poll(() => page.locator('[data-testid="feed"] li .what').first().textContent()).toBe(`x = -1.5 → f = ${num(-3.1875, 2)}`);
    }
    await expect.poll(() => projector.locator('[data-testid="leaderboard"] .team-name').allTextContents()).toEqual(['第 1 隊', '第 2 隊', '梯度下降隊']);
    await expect.poll(() => laptop.locator('[data-testid="leaderboard"] .team-name').allTextContents()).toEqual(['Team 1', 'Team 2', '梯度下降隊']);
    await projector.waitForTimeout(1600); // rows slide to their new places and the highlight fades
    await Promise.all([shot(projector, 'live'), shot(laptop, 'live')]);
  });

  it('shows it is reconnecting when the network drops, and catches up by itself', async () => {
    const banner = projector.locator('gd-connection-banner [role="status"]');
    await link.down();
    await expect.poll(() => banner.textContent()).toBe(zh('conn.reconnecting'));
    // Meanwhile team 4 plays: the projector cannot hear it, the laptop can.
    await guess(4, 0);
    // The laptop shows team 4 first as computing, then with its result; the projector still shows three rows.
    const final = [['1', '1', '-3.1875'], ['2', '2', '-3'], ['3', '4', '0'], ['4', '3', '6']];
    await expect.poll(() => leaderboardRows(laptop)).toEqual(final);
    expect(await leaderboardRows(projector)).toHaveLength(3);
    await shot(projector, 'reconnecting');

    await link.up();
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => leaderboardRows(projector)).toEqual(final);
    expect(await leaderboardRows(laptop)).toEqual(final);
  });

  it('pauses, then settles the level: the final ranking with best f, points and regret only at the reveal', async () => {
    await server.admin('POST', `/levels/${game.levels[0].id}/pause`);
    for (const [page, tr] of [[projector, zh], [laptop, en]] as const) {
      await expect.poll(() => text(page, 'status').textContent()).toBe(tr('status.paused'));
      await expect.poll(() => page.locator('.notice').textContent()).toBe(tr('board.pausedNotice'));
    }
    await server.admin('POST', `/levels/${game.levels[0].id}/close`);
    const monitor = await server.admin('GET', `/levels/${game.levels[0].id}/monitor`);
    const settled = (monitor.leaderboard as { number: number; best: number | null; guesses: number }[]).filter((e) => e.best !== null);
    expect(settled.map((e) => e.number)).toEqual([1, 2, 4, 3]);
    for (const [page, tr] of [[projector, zh], [laptop, en]] as const) {
      await expect.poll(() => text(page, 'status').textContent()).toBe(tr('status.closed'));
      await expect.poll(() => page.locator('[data-testid="settlement"] .row[data-key] .team-no').allTextContents()).toEqual(['1', '2', '4', '3']);
      await expect.poll(() => page.locator('[data-testid="settlement"] [data-testid="best"]').allTextContents()).toEqual(settled.map((e) => num(e.best, 3)));
      expect(await page.locator('[data-testid="settlement"] [data-testid="guesses"]').allTextContents()).toEqual(settled.map((e) => String(e.guesses)));
      // Points and regret would give f* away: they come with the reveal.
      expect(await page.locator('[data-testid="settlement"] [data-testid="points"]').count()).toBe(0);
      expect(await page.locator('[data-testid="settlement"] [data-testid="regret"]').count()).toBe(0);
    }
    // The settlement animates its rows in; let them land before the picture.
    await projector.waitForTimeout(1200);
    await Promise.all([shot(projector, 'settlement'), shot(laptop, 'settlement')]);
  });

  it('reveals the function, every path and the optimizers stepping, with a caption of what happened', async () => {
    const levelId = game.levels[0].id;
    await server.admin('POST', `/levels/${levelId}/reference`, {
      runs: [
        { optimizer: 'gd', lr: 0.03, steps: 16 },
        { optimizer: 'momentum', lr: 0.03, beta: 0.9, steps: 16 },
        { optimizer: 'adam', lr: 0.3, steps: 16 },
      ],
      teams: true,
    });
    await server.admin('POST', `/levels/${levelId}/reveal`);
    type Run = { teamId: number | null; optimizer: string; path: { x: number; fx: number }[] };
    const { current } = await (await fetch(`${server.url}/api/board`)).json();
    const runs = current.reveal.reference as Run[];
    const gdEnd = runs.find((r) => r.teamId === null && r.optimizer === 'gd')!.path.at(-1)!;
    // Teams that ended lower than GD run from their own first guess with as many evaluations.
    const compared = (current.reveal.paths as { teamId: number; path: { fx: number }[] }[]).map((team) => ({
      best: Math.min(...team.path.map((p) => p.fx)),
      gd: Math.min(...runs.find((r) => r.teamId === team.teamId && r.optimizer === 'gd')!.path.map((p) => p.fx)),
    }));
    const beat = compared.filter((c) => c.best < c.gd).length;

    for (const [page, tr] of [[projector, zh], [laptop, en]] as const) {
      await expect.poll(() => text(page, 'status').textContent()).toBe(tr('status.revealed'));
      await expect.poll(() => text(page, 'expression').textContent()).toBe('f(x) = x^4 - 3*x^2 + x');
    }
    // Reduced motion: the laptop shows the end at once.
    await expect.poll(() => text(laptop, 'step').textContent()).toBe(en('board.reveal.step', { step: 16, total: 16 }));
    // The projector steps through the runs, then shows the caption.
    await expect.poll(() => text(projector, 'step').textContent()).not.toBe(zh('board.reveal.step', { step: 16, total: 16 }));
    await expect.poll(() => text(projector, 'step').textContent(), { timeout: 15_000 }).toBe(zh('board.reveal.step', { step: 16, total: 16 }));
    for (const [page, tr] of [[projector, zh], [laptop, en]] as const) {
      await expect.poll(() => page.locator('gd-reveal-caption[visible]').count()).toBe(1);
      const caption = await text(page, 'caption').textContent();
      // GD from x = 2 settles in the local minimum near x ≈ 1.13, far above f* ≈ −3.51.
      expect(gdEnd.x).toBeCloseTo(1.13, 1);
      const trappedAt = tr('board.caption.trapped', { opt: tr('opt.gd'), at: '§' }).split('§')[0];
      expect(caption).toContain(`${trappedAt}x ≈ 1.1`);
      expect(caption).toContain(tr('board.caption.teamsBeatOwnGd', { n: beat, total: 4 }));
    }
    // Every team's path is on the chart, in its guess order.
    const datasets = await laptop.evaluate(() => {
      const chart = document.querySelector('gd-board-app')!.shadowRoot!.querySelector('gd-reveal-chart') as unknown as {
        charts: { chart: { data: { datasets: { data: { x: number; y: number }[] }[] } } };
      };
      return chart.charts.chart.data.datasets.map((d) => d.data.map((p) => [p.x, p.y]));
    });
    expect(datasets).toContainEqual([[1, -1], [-1.5, -3.1875]]);
    expect(datasets).toContainEqual([[0, 0]]);
    // Revealed, the settlement (S) has the points and regret the server scored.
    const monitor = await server.admin('GET', `/levels/${levelId}/monitor`);
    const scored = (monitor.leaderboard as { points: number; regret: number | null }[]).filter((e) => e.regret !== null);
    await laptop.keyboard.press('s');
    await expect.poll(() => laptop.locator('[data-testid="settlement"] [data-testid="points"]').allTextContents()).toEqual(scored.map((e) => String(e.points)));
    expect(await laptop.locator('[data-testid="settlement"] [data-testid="regret"]').allTextContents()).toEqual(scored.map((e) => num(Math.max(0, e.regret!), 3)));
    expect(scored[0].points).toBeGreaterThan(scored[3].points);
    await laptop.keyboard.press('a');
    await expect.poll(() => text(laptop, 'expression').count()).toBe(1);
    await projector.waitForTimeout(2500); // the caption's lines fade in one after another
    await Promise.all([shot(projector, 'reveal-1d'), shot(laptop, 'reveal-1d')]);
  });

  it('draws a 2-D level as a contour map with the paths, then crowns the winners on the podium', async () => {
    const levelId = game.levels[1].id;
    await server.admin('POST', `/levels/${levelId}/open`);
    await expect.poll(() => text(projector, 'level-title').textContent()).toBe('Regression IQ');
    for (const team of [1, 2, 3]) await login(team, 'e2e-board-2');
    await Promise.all([guess(1, [1.8, 65]), guess(2, [3, 40]), guess(3, [0, 90])]);
    await guess(2, [2.2, 60]);
    await expect.poll(() => leaderboardRows(laptop)).toHaveLength(3);
    await expect.poll(() => laptop.locator('[data-testid="feed"] li .what').first().textContent()).toBe(`(x, y) = (2.2, 60) → f = ${num(mse(2.2, 60), 2)}`);
    await server.admin('POST', `/levels/${levelId}/close`);
    // The projector has shown one animation; this one it may skip (reduced motion shows the end at once).
    await projector.emulateMedia({ reducedMotion: 'reduce' });
    // No runs by hand this time: the server computes its default reference runs at reveal.
    await server.admin('POST', `/levels/${levelId}/reveal`);
    const { current } = await (await fetch(`${server.url}/api/board`)).json();
    const steps = Math.max(...(current.reveal.reference as { teamId: number | null; path: unknown[] }[]).filter((r) => r.teamId === null).map((r) => r.path.length - 1));
    expect(steps).toBeGreaterThan(5);
    await expect.poll(() => text(laptop, 'step').textContent()).toBe(en('board.reveal.step', { step: steps, total: steps }));
    await expect.poll(() => text(projector, 'step').textContent(), { timeout: 15_000 }).toBe(zh('board.reveal.step', { step: steps, total: steps }));
    await expect.poll(() => projector.locator('gd-reveal-caption[visible]').count()).toBe(1);
    await Promise.all([shot(projector, 'reveal-2d'), shot(laptop, 'reveal-2d')]);
    await projector.emulateMedia({ reducedMotion: 'no-preference' });

    // Every level is settled: the podium, in the overall order.
    const { overall, finished } = await (await fetch(`${server.url}/api/board`)).json();
    expect(finished).toBe(true);
    const names = { 1: ['第 1 隊', 'Team 1'], 2: ['第 2 隊', 'Team 2'], 3: ['梯度下降隊', '梯度下降隊'], 4: ['第 4 隊', 'Team 4'] } as Record<number, [string, string]>;
    for (const [page, lang] of [[projector, 0], [laptop, 1]] as const) {
      await page.locator('[data-testid="podium-button"]').click();
      await expect.poll(() => page.locator('[data-testid="podium-first"] .name').textContent()).toBe(names[overall[0].number][lang]);
      await expect.poll(() => page.locator('[data-testid="podium-second"] .name').textContent()).toBe(names[overall[1].number][lang]);
      await expect.poll(() => page.locator('[data-testid="podium-third"] .name').textContent()).toBe(names[overall[2].number][lang]);
    }
    await projector.waitForTimeout(3500); // blocks rise, names fade in
    await Promise.all([shot(projector, 'podium'), shot(laptop, 'podium')]);

    for (const page of [projector, laptop]) {
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    }
  });
});

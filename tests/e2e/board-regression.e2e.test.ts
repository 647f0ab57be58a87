/**
 * The board on the slides' regression (level 4) and on a result that arrives after the reveal, in Chromium: a
 * projector at 1920×1080 in zh-TW and a phone at 390×844 in English (both with reduced motion, so a reveal shows its
 * end at once). Level 4 speaks of a and b, says what it is, shows the data with the leader's line while it runs and
 * the least-squares, start and team lines after the reveal; the feed survives pause, resume and a settings change;
 * settlement before the reveal has no points; a team whose guess was pending at the reveal appears in it with its
 * result. Screenshots go to screenshots/board-regression-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { format } from '../../shared/i18n/index.ts';
import { board } from '../../shared/i18n/board.ts';
import { common } from '../../shared/i18n/common.ts';
import { leastSquaresLine, lineMse } from '../../shared/line-fit.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { createGame, startTestServer, teamLogins, type TestServer } from '../helpers/server.ts';

const regression = SLIDE_LEVELS.find((t) => t.key === 'regression')!;
const bowl = SLIDE_LEVELS.find((t) => t.key === 'bowl')!;
const POINTS = regression.data!.points.map(([s, y]) => [s, y] as [number, number]);
const mse = (a: number, b: number) => lineMse(POINTS, { a, b });
/** The bowl's delay for the last guess: long enough that a guess sent just before the close is still pending after the reveal. */
const LATE_DELAY_MS = 10_000;
const bowlF = (x: number) => 0.4 * (x - 2) ** 2 + Math.exp(-x / 2);

const zh = (key: string, params?: Record<string, string | number>) => format(board['zh-TW'][key] ?? common['zh-TW'][key], params);
const en = (key: string, params?: Record<string, string | number>) => format(board.en[key] ?? common.en[key], params);

/** The board's number format (client/common/i18n.ts `num`). */
function num(value: number, digits = 4): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits + 2)).toString();
}

/** The datasets of a chart inside the board (Chart.js keeps them on the element's controller). */
function datasets(page: Page, element: 'gd-data-plot' | 'gd-reveal-chart'): Promise<{ x: number; y: number }[][]> {
  return page.evaluate((tag) => {
    const host = document.querySelector('gd-board-app')!.shadowRoot!.querySelector(tag) as unknown as {
      charts: { chart: { data: { datasets: { data: { x: number; y: number }[] }[] } } | null };
    } | null;
    return host?.charts.chart?.data.datasets.map((d) => d.data.map((p) => ({ x: p.x, y: p.y }))) ?? [];
  }, element);
}

/** A chart's axis titles and bounds. */
function axes(page: Page, element: 'gd-data-plot' | 'gd-reveal-chart') {
  return page.evaluate((tag) => {
    const host = document.querySelector('gd-board-app')!.shadowRoot!.querySelector(tag) as unknown as {
      charts: { chart: { options: { scales: Record<'x' | 'y', { min: number; max: number; title: { text: string } }> } } | null };
    } | null;
    const scales = host?.charts.chart?.options.scales;
    return scales ? { x: scales.x.title.text, y: scales.y.title.text, yMin: scales.y.min, yMax: scales.y.max } : null;
  }, element);
}

describe.skipIf(!hasChromium)('the board on level 4 and on a late result (1920×1080 zh-TW, 390×844 en)', () => {
  let server: TestServer;
  let browser: Browser;
  let game: Awaited<ReturnType<typeof createGame>>;
  let projector: Page;
  let phone: Page;
  const problems: string[] = [];
  const tokens = new Map<number, string>();

  const text = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).first();
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: screenshotPath(`board-regression-${name}-${page === projector ? '1920' : '390-en'}`), fullPage: page === phone });
  const feedTexts = (page: Page) => page.locator('[data-testid="feed"] li').evaluateAll((items) => items.map((li) => (li.querySelector('.team-no')?.textContent ?? '') + ' ' + (li.querySelector('.what')?.textContent ?? '').trim()));

  const teamLogin = (() => {
    let logins: ReturnType<typeof teamLogins> | null = null;
    return (team: number, password: string) => (logins ??= teamLogins(server.url))(team, password);
  })();
  async function login(team: number, password: string): Promise<void> {
    tokens.set(team, await teamLogin(team, password));
  }

  /** Sends a guess; resolves with its id and readyAt without waiting for the result. */
  async function send(team: number, x: number | number[]): Promise<{ id: number; readyAt: string }> {
    const res = await fetch(`${server.url}/api/guesses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(team)}` },
      body: JSON.stringify({ x }),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { id: number; readyAt: string };
  }

  async function result(team: number, id: number): Promise<{ status: string; fx?: number }> {
    const res = await fetch(`${server.url}/api/guesses/${id}?wait=1`, { headers: { authorization: `Bearer ${tokens.get(team)}` } });
    return (await res.json()) as { status: string; fx?: number };
  }

  async function guess(team: number, x: number | number[]): Promise<void> {
    const { id } = await send(team, x);
    expect((await result(team, id)).status).toBe('ready');
  }

  async function open(viewport: { width: number; height: number }, locale: string): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    // A failed load is reported by the response listener, with its address (the favicon is another page's task).
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`${locale} console: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${locale} ${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/board${locale === 'en' ? '?lang=en' : ''}`);
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'error' });
    game = await createGame(server, {
      levels: [
        { title: 'Regression', expression: regression.expression, domain: regression.domain, delayMs: 300, budget: 20, password: 'e2e-reg-4' },
        { title: 'Bowl', expression: bowl.expression, domain: bowl.domain, delayMs: 300, budget: 20, password: 'e2e-reg-1' },
      ],
      teams: 4,
      open: false,
      showLeaderboard: true,
    });
    await server.admin('PATCH', `/games/${game.gameId}`, { showFeedValues: true });
    await server.admin('PATCH', `/levels/${game.levels[0].id}`, {
      start: regression.start,
      axes: regression.axes,
      data: { columns: regression.data!.columns, points: POINTS },
      showPassword: true,
    });
    await server.admin('PATCH', `/levels/${game.levels[1].id}`, { start: bowl.start });
    browser = await launchBrowser();
    [projector, phone] = await Promise.all([open({ width: 1920, height: 1080 }, 'zh-TW'), open({ width: 390, height: 844 }, 'en')]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs level 4 in a and b: one line says what it is, the data shows the leader’s line', async () => {
    await server.admin('POST', `/levels/${game.levels[0].id}/open`);
    for (const team of [1, 2, 3]) await login(team, 'e2e-reg-4');
    await guess(1, [3.33, 50]);
    await guess(2, [1, 80]);
    await guess(1, [2, 62]);
    await guess(3, [1.8, 65]);

    const summary = { n: 9, a: 'a', b: 'b', target: 'IQ' };
    await expect.poll(() => text(projector, 'level-summary').textContent()).toBe(zh('board.data.summary', { ...summary, feature: '髒話因子' }));
    await expect.poll(() => text(phone, 'level-summary').textContent()).toBe(en('board.data.summary', { ...summary, feature: 'swear factor' }));
    for (const page of [projector, phone]) {
      // Newest first, in a and b.
      await expect.poll(() => feedTexts(page)).toEqual([
        `3 (a, b) = (1.8, 65) → f = ${num(mse(1.8, 65), 2)}`,
        `1 (a, b) = (2, 62) → f = ${num(mse(2, 62), 2)}`,
        `2 (a, b) = (1, 80) → f = ${num(mse(1, 80), 2)}`,
      ]);
      // The nine points and the leader's (team 3's) best line across the plot.
      await expect.poll(async () => (await datasets(page, 'gd-data-plot')).map((d) => d.length)).toEqual([2, 9]);
      const [line, points] = await datasets(page, 'gd-data-plot');
      expect(points.map((p) => [p.x, p.y])).toEqual(POINTS);
      for (const end of line) expect(end.y).toBeCloseTo(1.8 * end.x + 65, 9);
    }
    expect(await axes(projector, 'gd-data-plot')).toMatchObject({ x: '髒話因子', y: 'IQ' });
    expect(await axes(phone, 'gd-data-plot')).toMatchObject({ x: 'swear factor', y: 'IQ' });
    const leader = { line: '(a, b) = (1.8, 65)', mse: num(mse(1.8, 65), 3) };
    await expect.poll(() => projector.locator('[data-testid="data-key"] li[data-kind="leader"]').textContent()).toBe(zh('board.data.leader', { ...leader, team: '第 3 隊' }));
    await expect.poll(() => phone.locator('[data-testid="data-key"] li[data-kind="leader"]').textContent()).toBe(en('board.data.leader', { ...leader, team: 'Team 3' }));
    await Promise.all([shot(projector, 'live'), shot(phone, 'live')]);
  });

  it('keeps the guesses arriving across pause, resume and a change of settings', async () => {
    const levelId = game.levels[0].id;
    const before = await feedTexts(projector);
    expect(before).toHaveLength(3);
    await server.admin('POST', `/levels/${levelId}/pause`);
    await expect.poll(() => text(projector, 'status').textContent()).toBe(zh('status.paused'));
    await expect.poll(() => text(phone, 'status').textContent()).toBe(en('status.paused'));
    // Paused, the feed makes room for the notice: it shows its newest items, the same ones.
    await expect.poll(() => feedTexts(projector)).toEqual(before.slice(0, 2));
    await server.admin('POST', `/levels/${levelId}/resume`);
    await expect.poll(() => text(projector, 'status').textContent()).toBe(zh('status.open'));
    await expect.poll(() => feedTexts(projector)).toEqual(before);
    // "Password on board" unticked: the password leaves the board, the feed stays.
    await server.admin('PATCH', `/levels/${levelId}`, { showPassword: false });
    await expect.poll(() => projector.locator('[data-testid="password"]').count()).toBe(0);
    expect(await feedTexts(projector)).toEqual(before);
    expect(await feedTexts(phone)).toEqual(before);
    // And the feed goes on from there.
    await guess(2, [1.7, 66]);
    await expect.poll(() => feedTexts(projector)).toEqual([`2 (a, b) = (1.7, 66) → f = ${num(mse(1.7, 66), 2)}`, ...before.slice(0, 2)]);
  });

  it('settles with ranks and best f only, then reveals points, the runs’ settings and the data’s lines', async () => {
    const levelId = game.levels[0].id;
    await server.admin('POST', `/levels/${levelId}/close`);
    // Team 4 did not play: listed last, not ranked.
    const order = ['3', '1', '2', '4'];
    for (const [page, tr] of [[projector, zh], [phone, en]] as const) {
      await expect.poll(() => text(page, 'status').textContent()).toBe(tr('status.closed'));
      await expect.poll(() => page.locator('[data-testid="settlement"] .row[data-key] .team-no').allTextContents()).toEqual(order);
      expect(await page.locator('[data-testid="settlement"] .row[data-key] .rank').allTextContents()).toEqual(['1', '2', '3', '–']);
      expect(await page.locator('[data-testid="settlement"] [data-testid="guesses"]').allTextContents()).toEqual(['1', '2', '2', '0']);
      expect(await page.locator('[data-testid="settlement"] [data-testid="best"]').allTextContents()).toEqual([
        ...[mse(1.8, 65), mse(2, 62), mse(1.7, 66)].map((v) => num(v, 3)),
        '—',
      ]);
      expect(await page.locator('[data-testid="settlement"] [data-testid="points"]').count()).toBe(0);
      expect(await page.locator('gd-settlement .panel-title').textContent()).toContain(tr('board.settlement.pointsLater'));
    }
    await Promise.all([shot(projector, 'settlement'), shot(phone, 'settlement')]);

    await server.admin('POST', `/levels/${levelId}/reveal`);
    for (const [page, tr] of [[projector, zh], [phone, en]] as const) {
      await expect.poll(() => text(page, 'status').textContent(), { timeout: 30_000 }).toBe(tr('status.revealed'));
      await expect.poll(() => text(page, 'expression').textContent()).toMatch(/^f\(a, b\) = \(\(80 - \(15\.35\*a \+ b\)\)\^2 \+/);
      // Every run with its settings: GD, momentum, Adam and GD on the standardised feature.
      await expect.poll(() => page.locator('[data-testid="runs"] li').evaluateAll((li) => li.map((l) => `${l.getAttribute('data-optimizer')}:${l.getAttribute('data-variant')}`))).toEqual([
        'gd:',
        'momentum:',
        'adam:',
        'gd:standardised',
      ]);
      expect(await page.locator('[data-testid="runs"] [data-testid="settings"]').allTextContents()).toEqual([
        tr('opt.settings', { lr: '0.002', steps: 150 }),
        tr('opt.settingsBeta', { lr: '0.002', beta: '0.97', steps: 150 }),
        tr('opt.settings', { lr: '1', steps: 150 }),
        tr('opt.settings', { lr: '0.49', steps: 150 }),
      ]);
      const fit = leastSquaresLine(POINTS);
      await expect.poll(() => page.locator('[data-testid="data-key"] li[data-kind="fit"]').textContent()).toBe(
        tr('board.data.fit', { line: `(a, b) = (${num(fit.a, 3)}, ${num(fit.b, 3)})`, mse: num(fit.mse, 3) }),
      );
      expect(await page.locator('[data-testid="data-key"] li[data-kind="start"]').textContent()).toBe(tr('board.data.start', { line: '(a, b) = (3.33, 50)', mse: num(mse(3.33, 50), 3) }));
      // The least-squares line, the start's, one per team (best: 1.8/65, 1.7/66, 2/62), and the nine points.
      const lines = await datasets(page, 'gd-data-plot');
      expect(lines.map((d) => d.length)).toEqual([2, 2, 2, 2, 2, 9]);
      const slopes = lines.slice(0, 5).map(([p, q]) => Number(((q.y - p.y) / (q.x - p.x)).toFixed(4)));
      expect(slopes).toEqual([Number(fit.a.toFixed(4)), 3.33, 2, 1.7, 1.8]);
      const caption = await text(page, 'caption').textContent();
      expect(caption).toContain(tr('opt.variant.standardised'));
      expect(caption).toContain(tr('board.caption.standardised', { opt: tr('opt.variant.standardised'), feature: tr === zh ? '髒話因子' : 'swear factor', k: '15', a: 'a', b: 'b', steps: '§', fx: '§' }).split('§')[0]);
    }
    expect(await axes(projector, 'gd-reveal-chart')).toMatchObject({ x: 'a', y: 'b', yMin: 30, yMax: 100 });

    // The instructor's S key: the settlement now has points, as the server scored them.
    const monitor = await server.admin('GET', `/levels/${levelId}/monitor`);
    const points = (monitor.leaderboard as { points: number }[]).map((e) => String(e.points));
    expect(points).toHaveLength(4);
    await projector.keyboard.press('s');
    await expect.poll(() => projector.locator('[data-testid="settlement"] [data-testid="points"]').allTextContents()).toEqual(points);
    await projector.keyboard.press('a');
    await projector.waitForTimeout(600); // the caption's lines fade in
    await Promise.all([shot(projector, 'reveal'), shot(phone, 'reveal')]);
  });

  it('shows a result that arrives after the reveal: the team joins the reveal and the caption counts it', async () => {
    const levelId = game.levels[1].id;
    await server.admin('POST', `/levels/${levelId}/open`);
    for (const team of [1, 2, 3]) await login(team, 'e2e-reg-1');
    const first = await Promise.all([send(1, -4), send(2, 5)]);
    await Promise.all([result(1, first[0].id), result(2, first[1].id)]);
    await server.admin('PATCH', `/levels/${levelId}`, { delayMs: LATE_DELAY_MS });
    // Team 3 guesses the minimum's neighbourhood; the instructor closes and reveals before its result is out.
    const late = await send(3, 2.2);
    await server.admin('POST', `/levels/${levelId}/close`);
    await server.admin('POST', `/levels/${levelId}/reveal`);
    const chips = (page: Page) => page.locator('gd-reveal-legend .chip').allTextContents();
    for (const [page, tr] of [[projector, zh], [phone, en]] as const) {
      await expect.poll(() => text(page, 'status').textContent()).toBe(tr('status.revealed'));
      await expect.poll(() => chips(page)).toEqual(['1', '2']);
      await expect.poll(() => text(page, 'caption').textContent()).toContain(tr('board.caption.teamsBeatOwnGd', { n: 0, total: 2 }));
    }
    // The board showed the reveal while the guess was still pending (else this test would prove nothing).
    expect(Date.parse(late.readyAt)).toBeGreaterThan(Date.now());
    const pending = await fetch(`${server.url}/api/guesses/${late.id}`, { headers: { authorization: `Bearer ${tokens.get(3)}` } });
    expect(((await pending.json()) as { status: string }).status).toBe('pending');

    expect((await result(3, late.id)).status).toBe('ready');
    for (const [page, tr] of [[projector, zh], [phone, en]] as const) {
      await expect.poll(() => chips(page)).toEqual(['1', '2', '3']);
      // Team 3 found the bowl's minimum with one guess; GD from that guess with one evaluation is the guess itself (a tie).
      await expect.poll(() => text(page, 'caption').textContent()).toContain(tr('board.caption.teamsBeatOwnGd', { n: 0, total: 3 }));
      expect(await text(page, 'caption').textContent()).toContain(tr === zh ? '第 3 隊' : 'Team 3');
    }
    // Its guess is on the chart, and the star stays in view.
    const teamThree = (await datasets(projector, 'gd-reveal-chart')).filter((d) => d.length === 1 && d[0].x === 2.2);
    expect(teamThree).toHaveLength(1);
    expect(teamThree[0][0].y).toBeCloseTo(bowlF(2.2), 12);
    const scale = await axes(projector, 'gd-reveal-chart');
    const { current } = await (await fetch(`${server.url}/api/board`)).json();
    expect(scale!.yMin).toBeLessThanOrEqual(current.reveal.fStar);
    expect(scale).toMatchObject({ x: 'x', y: 'f(x)' });
    // The settlement agrees: team 3 first, with the same best f.
    await projector.keyboard.press('s');
    await expect.poll(() => projector.locator('[data-testid="settlement"] .row[data-key] .team-no').allTextContents()).toEqual(['3', '2', '1', '4']);
    expect(await projector.locator('[data-testid="settlement"] [data-testid="best"]').first().textContent()).toBe(num(bowlF(2.2), 3));
    await projector.keyboard.press('a');
    await Promise.all([shot(projector, 'late-result'), shot(phone, 'late-result')]);
  });

  it('marks a run that diverged where it left the plot, and keeps the axes', async () => {
    const levelId = game.levels[1].id;
    const before = await axes(projector, 'gd-reveal-chart');
    // GD at lr 2 on the bowl: 2 × its curvature (2.6 at the start) is far past 2; it jumps from side to side, further
    // each time, and stops where it is farther outside the domain than the domain is wide.
    const { runs } = await server.admin('POST', `/levels/${levelId}/reference`, { runs: [{ optimizer: 'gd', lr: 2, steps: 12 }, { optimizer: 'momentum', lr: 0.3, beta: 0.5, steps: 12 }] });
    const gd = (runs as { optimizer: string; diverged: boolean; path: { x: number; fx: number }[] }[]).find((r) => r.optimizer === 'gd')!;
    expect(gd.diverged).toBe(true);
    expect(gd.path.length).toBeGreaterThan(1);
    expect(gd.path.length).toBeLessThan(13);
    for (const [page, tr] of [[projector, zh], [phone, en]] as const) {
      await expect.poll(() => page.locator('[data-testid="runs"] li[data-optimizer="gd"] .num').first().textContent()).toBe(tr('board.reveal.diverged'));
      expect(await page.locator('[data-testid="runs"] li[data-optimizer="gd"] [data-testid="settings"]').textContent()).toBe(tr('opt.settings', { lr: '2', steps: 12 }));
    }
    const marks = await projector.evaluate(() => {
      const host = document.querySelector('gd-board-app')!.shadowRoot!.querySelector('gd-reveal-chart') as unknown as {
        charts: { chart: { data: { datasets: { pointStyle?: string; data: { x: number; y: number }[] }[] } } };
      };
      return host.charts.chart.data.datasets.filter((d) => d.pointStyle === 'crossRot').map((d) => d.data[0]);
    });
    // One cross, at the last point before the run left (moved onto the plot's edge when it is outside), and the
    // axes did not follow the run.
    expect(marks).toHaveLength(1);
    const after = await axes(projector, 'gd-reveal-chart');
    expect(after).toEqual(before);
    const last = gd.path[gd.path.length - 1];
    const [lo, hi] = bowl.domain[0];
    expect(marks[0].x).toBeCloseTo(Math.min(hi, Math.max(lo, last.x)), 5);
    expect(marks[0].y).toBeCloseTo(Math.min(after!.yMax, Math.max(after!.yMin, last.fx)), 5);
    await Promise.all([shot(projector, 'diverged'), shot(phone, 'diverged')]);
    expect(problems).toEqual([]);
  });
});

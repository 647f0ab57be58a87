/**
 * The slides' regression level on the team page: it speaks of a and b (inputs, prompts, history, axes, the revealed
 * expression), says in one line what it is, plots the nine data points with the line of the team's latest guess,
 * and after the reveal the least-squares line, the level's start line (the slide's 3.33x + 50) and the team's best
 * line, each named; the comparison shows every run's settings, GD on the standardised feature, and why momentum did
 * not win in two guesses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { leastSquaresLine, lineMse, lineMseExpression } from '../../shared/line-fit.ts';
import { REGRESSION_DATA, SLIDE_LEVELS } from '../../server/game/templates.ts';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { chartAxes, chartData, en, history, LAPTOP, login, openDevice, overflowsViewport, PHONE, truncated, zh } from './play-helpers.ts';

const AFTER_LOGIN = { timeout: 8000 };
const POINTS = REGRESSION_DATA.map(([s, y]) => [s, y] as [number, number]);
const COLUMNS = SLIDE_LEVELS.find((l) => l.key === 'regression')?.data?.columns;
/** As the page writes a number (client/common/i18n.ts num, 4 digits): 6 significant digits, trailing zeros dropped. */
const num = (v: number) => Number(v.toPrecision(6)).toString();

async function fillPoint(page: Page, a: string, b: string): Promise<void> {
  const inputs = page.locator('gd-guess-input input');
  await inputs.nth(0).fill(a);
  await inputs.nth(1).fill(b);
  await inputs.nth(1).press('Enter');
}

/** The key entries of the data view: which line, and its text. */
async function dataKey(page: Page): Promise<[string, string][]> {
  return page.locator('gd-regression-plot [data-line]').evaluateAll((items) => items.map((i) => [i.getAttribute('data-line') ?? '', (i.textContent ?? '').trim()]));
}

describe.skipIf(!hasChromium)('the regression level on the team page', () => {
  let server: TestServer;
  let browser: Browser;
  let levelId: number;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const game = await server.admin('POST', '/games', { title: 'Regression', loginDelayMs: 200, showLeaderboard: true });
    await server.admin('POST', `/games/${game.id}/activate`);
    const level = await server.admin('POST', `/games/${game.id}/levels`, {
      title: 'Level four',
      expression: lineMseExpression(POINTS),
      domain: [
        [0, 4],
        [30, 100],
      ],
      start: [3.33, 50],
      axes: ['a', 'b'],
      data: { columns: COLUMNS, points: POINTS },
      delayMs: 700,
      budget: 20,
      password: 'e2e-iq',
    });
    levelId = level.id;
    await server.admin('POST', `/levels/${levelId}/open`);
    await server.admin('POST', `/games/${game.id}/teams`, { count: 2 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('speaks of a and b, plots the data with the guessed lines, and after the reveal names the least-squares, start and best lines', async () => {
    const { page, errors } = await openDevice(browser, `${server.url}/`, PHONE, 'zh-TW', contexts);
    await login(page, 1, 'e2e-iq');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Level four');

    // one line says what the level is, from its data set and its axis names
    expect((await page.getByTestId('level-summary').textContent())?.trim()).toBe(
      zh('data.summary', { target: 'IQ', feature: '髒話因子', a: 'a', b: 'b', n: 9, f: 'f(a, b)' }),
    );
    // the fields are a and b, with their ranges
    expect(await page.locator('gd-guess-input .name').allTextContents()).toEqual(['a', 'b']);
    expect(await page.locator('gd-guess-input .range').allTextContents()).toEqual([zh('input.range', { lo: 0, hi: 4 }), zh('input.range', { lo: 30, hi: 100 })]);
    expect(await page.locator('gd-guess-input .tip').textContent()).toBe(zh('input.tip', { names: '(a, b)' }));
    // the data view comes first: the nine points, no line yet
    expect(await page.locator('gd-guess-plot [role=tab][aria-selected=true]').getAttribute('data-view')).toBe('data');
    await expect.poll(() => chartData(page, 'gd-regression-plot').then((d) => d.data?.length)).toBe(9);
    expect(await chartAxes(page, 'gd-regression-plot')).toEqual({ x: '髒話因子', y: 'IQ' });

    // (1.8, 65): close to least squares; then (2, 60): worse, so the best line stays #1
    await fillPoint(page, '1.8', '65');
    await page.getByTestId('pending').waitFor();
    expect(await page.getByTestId('pending').textContent()).toContain(zh('input.pending', { point: '(a, b) = (1.8, 65)', s: '§' }).split('§')[0]);
    await expect.poll(() => chartData(page, 'gd-regression-plot').then((d) => Object.keys(d).sort())).toContain('pending');
    await expect.poll(() => history(page).then((rows) => rows[0]?.slice(0, 3)), { timeout: 6000 }).toEqual(['★1', '(1.8, 65)', num(lineMse(POINTS, { a: 1.8, b: 65 }))]);
    expect(await page.locator('gd-guess-history thead th').allTextContents()).toEqual(['#', '(a, b)', 'f(a, b)', zh('history.gradient'), zh('history.time')]);
    expect(await page.getByTestId('latest').textContent()).toContain(`f(1.8, 65) = ${num(lineMse(POINTS, { a: 1.8, b: 65 }))}`);
    await fillPoint(page, '2', '60');
    await expect.poll(() => history(page).then((rows) => rows[0]?.slice(0, 2)), { timeout: 6000 }).toEqual(['2', '(2, 60)']);
    await expect.poll(() => history(page).then((rows) => rows[0]?.[2])).toBe(num(lineMse(POINTS, { a: 2, b: 60 })));

    // the latest guess is drawn as its line over the data, and named with its equation
    const latest = (await chartData(page, 'gd-regression-plot')).latest;
    expect(latest.map((p) => p.y)).toEqual(latest.map((p) => 2 * p.x + 60));
    expect(await dataKey(page)).toEqual([['latest', zh('data.key.with', { label: zh('data.key.latest', { n: 2 }), equation: 'IQ = 2·髒話因子 + 60' })]]);
    expect(await truncated(page, ['.level-title', '.who', 'dt', 'dd', 'small', 'button'])).toEqual([]);
    expect(await overflowsViewport(page)).toBe(false);
    await page.screenshot({ path: screenshotPath('play-phone390-regression-data') });

    // the parameter plane: axes a and b, the guesses as points
    await page.locator('gd-guess-plot [data-view=plane]').click();
    await expect.poll(() => chartAxes(page, 'gd-guess-plot')).toEqual({ x: 'a', y: 'b' });
    expect((await chartData(page, 'gd-guess-plot')).best).toEqual([{ x: 1.8, y: 65 }]);
    await page.screenshot({ path: screenshotPath('play-phone390-regression-plane') });

    // the reveal
    await server.admin('POST', `/levels/${levelId}/close`);
    await server.admin('POST', `/levels/${levelId}/reveal`);
    await expect.poll(() => page.getByTestId('expression').textContent(), { timeout: 30_000 }).toMatch(/^f\(a, b\) = \(\(80 - \(15\.35\*a \+ b\)\)\^2 \+/);
    const fit = leastSquaresLine(POINTS);
    expect(await page.getByTestId('least-squares').textContent()).toBe(zh('reveal.leastSquares', { equation: `IQ = ${num(fit.a)}·髒話因子 + ${num(fit.b)}` }));
    expect(await page.getByTestId('argmin').textContent()).toMatch(/^\(a, b\) = \(1\.79\d*, 65\.2\d*\)$/);

    // every run with its settings, GD on the standardised feature among them, each over the team's 2 evaluations
    await expect
      .poll(() => page.locator('[data-testid=comparison] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row'))), { timeout: 15_000 })
      .toEqual(['team', 'gd', 'momentum', 'adam', 'gd-standardised']);
    const settings = await page.locator('[data-testid=comparison] [data-testid=settings]').allTextContents();
    expect(settings.slice(0, 2)).toEqual([zh('opt.settings', { lr: '0.002', steps: 1 }), zh('opt.settingsBeta', { lr: '0.002', beta: '0.97', steps: 1 })]);
    expect(settings).toHaveLength(4);
    expect(await page.locator('[data-testid=comparison] tbody tr td:nth-child(3)').allTextContents()).toEqual(['2', '2', '2', '2', '2']);
    // two guesses are too few for momentum's lesson on this valley: the caption says so in one line
    expect(await page.getByTestId('reason').getAttribute('data-reason')).toBe('few-guesses');
    expect(await page.getByTestId('reason').textContent()).toContain(zh('reason.few-guesses', { n: 2 }));

    // on the plane: the paths of every run, named with their settings
    await expect
      .poll(() => chartData(page, 'gd-guess-plot').then((d) => ['gd', 'momentum', 'adam', 'gd-standardised'].filter((k) => k in d)))
      .toEqual(['gd', 'momentum', 'adam', 'gd-standardised']);
    expect(await page.locator('gd-guess-plot [data-run=gd-standardised]').textContent()).toContain(zh('opt.variant.standardised'));
    await page.screenshot({ path: screenshotPath('play-phone390-regression-revealed-plane'), fullPage: true });

    // back on the data view: least squares, the start line (the slide's 3.33x + 50) and the best line, each named
    await page.locator('gd-guess-plot [data-view=data]').click();
    await expect.poll(() => dataKey(page).then((k) => k.map(([kind]) => kind))).toEqual(['latest', 'best', 'leastSquares', 'start']);
    const key = Object.fromEntries(await dataKey(page));
    expect(key.start).toBe(zh('data.key.with', { label: zh('data.key.start'), equation: 'IQ = 3.33·髒話因子 + 50' }));
    expect(key.best).toBe(zh('data.key.with', { label: zh('data.key.best', { n: 1 }), equation: 'IQ = 1.8·髒話因子 + 65' }));
    expect(key.leastSquares).toBe(zh('data.key.with', { label: zh('data.key.leastSquares'), equation: `IQ = ${num(fit.a)}·髒話因子 + ${num(fit.b)}` }));
    const lines = await chartData(page, 'gd-regression-plot');
    expect(lines.leastSquares.map((p) => p.y)).toEqual(lines.leastSquares.map((p) => fit.a * p.x + fit.b));
    expect(lines.start.map((p) => p.y)).toEqual(lines.start.map((p) => 3.33 * p.x + 50));
    expect(await overflowsViewport(page)).toBe(false);
    await page.screenshot({ path: screenshotPath('play-phone390-regression-revealed'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('reads the same in English on a laptop: the data’s English column names, a and b', async () => {
    const { page, errors } = await openDevice(browser, `${server.url}/`, LAPTOP, 'en-US', contexts);
    await login(page, 2, 'e2e-iq');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('Level four');
    expect((await page.getByTestId('level-summary').textContent())?.trim()).toBe(
      en('data.summary', { target: 'IQ', feature: 'swear factor', a: 'a', b: 'b', n: 9, f: 'f(a, b)' }),
    );
    await expect.poll(() => chartAxes(page, 'gd-regression-plot')).toEqual({ x: 'swear factor', y: 'IQ' });
    await expect.poll(() => dataKey(page).then((k) => k.map(([kind]) => kind)), { timeout: 15_000 }).toEqual(['leastSquares', 'start']);
    expect(Object.fromEntries(await dataKey(page)).start).toBe(en('data.key.with', { label: en('data.key.start'), equation: 'IQ = 3.33·(swear factor) + 50' }));
    await page.screenshot({ path: screenshotPath('play-laptop-regression-revealed') });
    expect(errors).toEqual([]);
  });
});

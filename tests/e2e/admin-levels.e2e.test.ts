import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { leastSquaresLine, lineMseExpression } from '../../shared/line-fit.ts';
import { go, openAdmin, type AdminPage } from './admin-page.ts';
import { REGRESSION_DATA } from '../../server/game/templates.ts';

// The slides' nine points, as an instructor pastes them from a spreadsheet (tab-separated, a header row).
const SLIDES = REGRESSION_DATA.map(([s, y]) => [s, y] as [number, number]);

/** The level editor: a regression level built from pasted CSV, and refusals said by reason in the page's language. */
describe.skipIf(!hasChromium)('level editor', () => {
  let server: TestServer;
  let browser: Browser;
  let gameId: number;
  const opened: AdminPage[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    gameId = (await server.admin('POST', '/games', { title: 'Levels class', loginDelayMs: 0 })).id;
  });

  afterAll(async () => {
    for (const p of opened) await p.close();
    await browser?.close();
    await server?.close();
  });

  it('builds a regression level from data pasted as CSV: preview, expression, axes a and b, data, domain and start', async () => {
    const admin = await openAdmin(browser, server);
    opened.push(admin);
    const { page, problems } = admin;
    await go(page, `#/g/${gameId}/levels/new`, 'gd-level-editor #expr');
    const editor = page.locator('gd-level-editor');
    // a new level's title is the translated default
    expect(await editor.locator('#title').inputValue()).toBe('Level 1');
    await editor.locator('button[data-from-data]').click();
    const builder = page.locator('gd-regression-builder');

    // a decimal comma is refused with its line
    await builder.locator('textarea').fill('swear\tIQ\n15.35\t80\n14,35\t81');
    expect(await builder.locator('[data-data-problem]').textContent()).toBe('Line 3: "14,35" is not a number (write decimals with a point: 3.5).');
    expect(await builder.locator('button[data-use-data]').isDisabled()).toBe(true);

    await builder.locator('textarea').fill(['髒話因子\tIQ', ...SLIDES.map(([s, y]) => `${s}\t${y}`)].join('\n'));
    await builder.locator('gd-data-preview canvas').waitFor();
    expect(await builder.locator('[data-data-summary]').textContent()).toBe('9 points. Least squares: a = 1.79078, b = 65.2126, MSE = 65.4683.');
    expect(await builder.locator('[data-data-how]').textContent()).toContain('a from -2 to 6');
    await page.screenshot({ path: screenshotPath('admin-regression-builder'), fullPage: true });
    await builder.locator('button[data-use-data]').click();
    await builder.waitFor({ state: 'detached' });

    // the form holds the level: the shared expression, 2-D, a and b, the data set, a domain and start with the fit
    expect(await editor.locator('#expr').inputValue()).toBe(lineMseExpression(SLIDES));
    expect(await editor.locator('input[data-axis]').evaluateAll((inputs) => (inputs as HTMLInputElement[]).map((i) => i.value))).toEqual(['a', 'b']);
    expect(await editor.locator('[data-level-data]').textContent()).toContain('9 points: 髒話因子 → IQ');
    await expect.poll(() => editor.locator('[data-fstar]').textContent()).toBe('65.4683');
    await page.screenshot({ path: screenshotPath('admin-regression-level'), fullPage: true });
    await editor.locator('#pw').fill('iq-line');
    await editor.locator('button[type=submit]').click();
    await expect.poll(() => editor.locator('.ok').textContent()).toContain('iq-line');

    const levels = (await server.admin('GET', `/games/${gameId}`)).levels as any[];
    expect(levels).toHaveLength(1);
    const level = levels[0];
    const fit = leastSquaresLine(SLIDES);
    expect(level.title).toBe('Level 1');
    expect(level.dims).toBe(2);
    expect(level.axes).toEqual(['a', 'b']);
    expect(level.expression).toBe(lineMseExpression(SLIDES));
    expect(level.data).toEqual({ columns: [{ en: '髒話因子', 'zh-TW': '髒話因子' }, { en: 'IQ', 'zh-TW': 'IQ' }], points: SLIDES });
    expect(level.domain).toEqual([
      [-2, 6],
      [-20, 140],
    ]);
    expect(level.start).toEqual([0, 92.8]);
    expect(level.fStar).toBeCloseTo(fit.mse, 3);
    expect(level.argmin[0]).toBeCloseTo(fit.a, 2);

    // the monitor of that level names its axes a and b (the plot's axis titles are drawn on the canvas)
    await go(page, `#/g/${gameId}/live/${level.id}`, 'gd-live-monitor gd-function-plot');
    expect(await page.locator('gd-live-monitor gd-function-plot').evaluate((plot) => (plot as unknown as { axes: string[] }).axes)).toEqual(['a', 'b']);
    expect(problems).toEqual([]);
  }, 40_000);

  it('says a refused expression by its reason in zh-TW, with the level\'s own axis names and no English', async () => {
    const admin = await openAdmin(browser, server, { language: 'zh-TW' });
    opened.push(admin);
    const { page, problems } = admin;
    await go(page, `#/g/${gameId}/levels/new`, 'gd-level-editor #expr');
    const editor = page.locator('gd-level-editor');
    expect(await editor.locator('#title').inputValue()).toBe('第 2 關');
    const error = editor.locator('[data-expr-error]');

    await editor.locator('#expr').fill('(x - 1)^2 + ');
    await expect.poll(() => error.textContent()).toMatch(/^函數寫法有誤，看不懂第 \d+ 個字元附近（括號有沒有配對？運算符號後面有沒有東西？）。$/);
    await page.screenshot({ path: screenshotPath('admin-expression-error-zh') });

    await editor.locator('#expr').fill('x + z');
    await expect.poll(() => error.textContent()).toBe('不認識「z」：函數裡只能用變數 x，以及 pi、e。');

    await editor.locator('input[data-axis="0"]').fill('t');
    await editor.locator('#expr').fill('1/(x - 0.5)');
    // a pole at 0.5 (found exactly on the grid, or near it): said with the input's own name
    await expect.poll(() => error.textContent()).toMatch(/^f 在 t = 0\.5\d* (的值是無限大：函數在整個範圍內都要有有限的值|附近會變成無限大（例如除以 0、log\(0\)）：請調整函數或範圍)。$/);

    // the editor's language switch translates the untouched default title
    await page.locator('header gd-lang-switch button').click();
    await expect.poll(() => editor.locator('#title').inputValue()).toBe('Level 2');
    await expect.poll(() => error.textContent()).toMatch(/^f (is infinite at|grows without bound near) t = 0\.5/);
    // the previews the test typed are refused (400) or superseded by newer typing (aborted)
    expect(problems.filter((p) => !/^400 POST .*\/api\/admin\/preview$/.test(p) && !/status of 400/.test(p) && !/^requestfailed: .*\/api\/admin\/preview net::ERR_ABORTED$/.test(p))).toEqual([]);
  }, 40_000);
});

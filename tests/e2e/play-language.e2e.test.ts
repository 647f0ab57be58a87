/**
 * One language at a time on the team page: a student walks the page in zh-TW, then another in English — login,
 * a refusal, a guess pending and answered, a typing mistake, the level switch, the settlement and the reveal of a 1-D
 * level and of the regression level — and at every step no visible string is in the other language. The instructor's
 * own words (level titles, the expression) are left out; the test content is neutral.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { lineMseExpression } from '../../shared/line-fit.ts';
import { REGRESSION_DATA, SLIDE_LEVELS } from '../../server/game/templates.ts';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { guess, history, login, openDevice, otherLanguage, PHONE, visibleTexts } from './play-helpers.ts';

const AFTER_LOGIN = { timeout: 8000 };
const POINTS = REGRESSION_DATA.map(([s, y]) => [s, y] as [number, number]);
const COLUMNS = SLIDE_LEVELS.find((l) => l.key === 'regression')?.data?.columns;

/** Failed-request lines Chromium logs for the refusals this walk provokes on purpose (a wrong password). */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 401/;

describe.skipIf(!hasChromium)('one language at a time on the team page', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  /** A fresh active game: a 1-D level and the regression level, neutral titles, teams with default names. */
  async function newGame(tag: string): Promise<{ levels: number[] }> {
    const game = await server.admin('POST', '/games', { title: `G ${tag}`, loginDelayMs: 200, showLeaderboard: true });
    await server.admin('POST', `/games/${game.id}/activate`);
    const one = await server.admin('POST', `/games/${game.id}/levels`, {
      title: 'α',
      expression: '(x + 1)^2 + 1',
      domain: [[-5, 5]],
      delayMs: 1200,
      budget: 10,
      password: `one-${tag}`,
    });
    const two = await server.admin('POST', `/games/${game.id}/levels`, {
      title: 'β',
      expression: lineMseExpression(POINTS),
      domain: [
        [0, 4],
        [30, 100],
      ],
      start: [3.33, 50],
      axes: ['a', 'b'],
      data: { columns: COLUMNS, points: POINTS },
      delayMs: 400,
      budget: 10,
      password: `two-${tag}`,
    });
    for (const level of [one, two]) await server.admin('POST', `/levels/${level.id}/open`);
    await server.admin('POST', `/games/${game.id}/teams`, { count: 2 });
    return { levels: [one.id, two.id] };
  }

  async function walk(locale: 'zh-TW' | 'en'): Promise<void> {
    const { levels } = await newGame(locale);
    const { page, errors } = await openDevice(browser, `${server.url}/`, PHONE, locale === 'en' ? 'en-US' : 'zh-TW', contexts);
    const seen: string[] = [];
    const check = async (step: string) => {
      await page.screenshot({ path: screenshotPath(`play-language-${locale}-${step}`), fullPage: true });
      const wrong = otherLanguage(await visibleTexts(page), locale);
      seen.push(step);
      expect([step, wrong]).toEqual([step, []]);
    };

    await page.locator('gd-login-form input[name=team]').waitFor();
    await check('login');
    await login(page, 1, 'wrong-password');
    await page.getByTestId('login-error').waitFor(AFTER_LOGIN);
    await check('login-refused');

    await login(page, 1, `one-${locale}`);
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('α');
    await check('play');
    await guess(page, '3,5');
    await page.getByTestId('x-error').waitFor();
    await check('comma');
    await guess(page, '1');
    await page.getByTestId('pending').waitFor();
    await page.locator('gd-guess-input input').first().press('Enter');
    await page.getByTestId('guess-error').waitFor();
    await check('pending');
    await expect.poll(() => history(page).then((rows) => rows[0]?.[2]), { timeout: 6000 }).toBe('5');
    await check('result');

    await page.getByTestId('open-switch').click();
    await page.locator('.sheet gd-login-form input[name=password]').waitFor();
    await check('switch-sheet');
    await page.keyboard.press('Escape');

    await server.admin('POST', `/levels/${levels[0]}/close`);
    await page.getByTestId('standings').waitFor();
    await check('closed');
    await server.admin('POST', `/levels/${levels[0]}/reveal`);
    await page.getByTestId('podium').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=comparison] tbody tr[data-row=gd]').waitFor({ timeout: 20_000 });
    await check('revealed');

    // the next level's password right there, then the regression level: data, a pending line, a result
    const next = page.getByTestId('next-level').locator('input[name=password]');
    await next.fill(`two-${locale}`);
    await next.press('Enter');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('β');
    await guess(page, '1.8', '65');
    await expect.poll(() => history(page).then((rows) => rows[0]?.[0]), { timeout: 6000 }).toBe('★1');
    await check('regression');
    await page.locator('gd-guess-plot [data-view=plane]').click();
    await check('regression-plane');
    await server.admin('POST', `/levels/${levels[1]}/close`);
    await server.admin('POST', `/levels/${levels[1]}/reveal`);
    await page.locator('[data-testid=comparison] tbody tr[data-row=gd-standardised]').waitFor({ timeout: 30_000 });
    await check('regression-revealed');
    await page.locator('gd-guess-plot [data-view=data]').click();
    await page.locator('gd-regression-plot [data-line=leastSquares]').waitFor();
    await check('regression-revealed-data');

    expect(seen).toHaveLength(13);
    expect(errors.filter((e) => !EXPECTED_REFUSAL.test(e))).toEqual([]);
  }

  it('in zh-TW, shows no English beyond the names the class uses (GD, Adam, PIN…) and mathematics', async () => {
    await walk('zh-TW');
  }, 120_000);

  it('in English, shows no Chinese', async () => {
    await walk('en');
  }, 120_000);

  it('can fail: it sees a string of the other language', async () => {
    const { page } = await openDevice(browser, `${server.url}/`, PHONE, 'en-US', contexts);
    await page.locator('gd-login-form input[name=team]').waitFor();
    expect(otherLanguage(await visibleTexts(page), 'zh-TW')).not.toEqual([]);
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p>登入中</p>'));
    expect(otherLanguage(await visibleTexts(page), 'en')).toEqual(['登入中']);
  });
});


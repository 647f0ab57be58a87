import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { lineMseExpression } from '../../shared/line-fit.ts';
import { answer, go, openAdmin, teamGuess, teamLogin, visibleTexts } from './admin-page.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/**
 * Latin words a zh-TW page may show: names of things (GD Arena, Adam, TensorFlow.js, Excel), codes and formats
 * (PIN, CSV, JSON, zip, QR code, HTTP, WebSocket, MSE, NaN), maths (mathjs, cos, exp, pi…) and backend names.
 */
const LATIN_ALLOWED = new Set([
  'GD', 'Arena', 'Adam', 'Momentum', 'TensorFlow', 'js', 'Excel', 'PIN', 'CSV', 'JSON', 'zip', 'QR', 'code', 'HTTP', 'WebSocket',
  'MSE', 'NaN', 'mathjs', 'cos', 'exp', 'sin', 'log', 'sqrt', 'pi', 'IQ', 'cpu', 'tensorflow', 'GMT', 'UTC',
]);

/** What a language check leaves out: what the instructor typed (titles, names, data columns, passwords), URLs, time zone names. */
function prose(text: string, exempt: readonly string[]): string {
  let rest = text;
  for (const e of [...exempt].sort((a, b) => b.length - a.length)) rest = rest.split(e).join(' ');
  return rest.replace(/https?:\/\/\S+/g, ' ').replace(/\b[A-Z][A-Za-z_]+\/[A-Za-z_/+-]+\b/g, ' ');
}

/** The visible strings of the other language: CJK on the English page, English words on the zh-TW one. */
function otherLanguage(texts: readonly string[], language: 'en' | 'zh-TW', exempt: readonly string[]): string[] {
  return texts.filter((text) => {
    const rest = prose(text, exempt);
    if (language === 'en') return CJK.test(rest);
    return (rest.match(/[A-Za-z]{2,}/g) ?? []).some((word) => !LATIN_ALLOWED.has(word));
  });
}

/** The texts a Chart.js canvas draws (axis titles, legend labels) of the charts inside an element. */
async function chartTexts(page: Page, selector: string, controller: string): Promise<string[]> {
  return page.locator(selector).evaluate((el, key) => {
    const chart = (el as unknown as Record<string, { chart?: { options: any; data: any } }>)[key]?.chart;
    if (!chart) return ['no chart'];
    const scales = Object.values(chart.options.scales ?? {}) as { title?: { text?: string } }[];
    return [...scales.map((s) => s.title?.text ?? ''), ...chart.data.datasets.map((d: { label?: string }) => d.label ?? '')].filter(Boolean);
  }, controller);
}

for (const language of ['en', 'zh-TW'] as const) {
  describe.skipIf(!hasChromium)(`admin panel in ${language} only`, () => {
    const zh = language === 'zh-TW';
    let server: TestServer;
    let browser: Browser;
    let gameId: number;
    const level: Record<'open' | 'draft' | 'regression', { id: number; password: string }> = {} as never;
    // content the instructor typed, in the page's language: exempt from the check
    const content = zh
      ? { game: '第三週的課', levels: ['碗', '山谷', '迴歸直線'], columns: ['讀書時數', '分數'], passwords: ['1111', '2222', '3333'] }
      : { game: 'Week three', levels: ['Bowl', 'Valley', 'Regression line'], columns: ['hours', 'score'], passwords: ['1111', '2222', '3333'] };
    const exempt = [content.game, ...content.levels, ...content.columns, ...content.passwords, ADMIN_PASSWORD];

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchBrowser();
      gameId = (await server.admin('POST', '/games', { title: content.game, loginDelayMs: 0 })).id;
      await server.admin('POST', `/games/${gameId}/activate`);
      const points: [number, number][] = [
        [1, 52],
        [2, 55],
        [3.5, 61],
        [5, 70],
      ];
      const specs = [
        { title: content.levels[0], expression: '(x - 1)^2 + 2', domain: [[-5, 5]] },
        { title: content.levels[1], expression: '(x - 1)^2 + 3 * (y + x)^2', domain: [[-3, 3], [-3, 3]] },
        {
          title: content.levels[2],
          expression: lineMseExpression(points),
          domain: [[-5, 15], [0, 120]],
          axes: ['a', 'b'],
          data: { columns: content.columns.map((c) => ({ en: c, 'zh-TW': c })), points },
        },
      ];
      const made = [];
      for (const [i, spec] of specs.entries()) made.push(await server.admin('POST', `/games/${gameId}/levels`, { ...spec, delayMs: 0, password: content.passwords[i] }));
      level.open = made[0];
      level.draft = made[1];
      level.regression = made[2];
      await server.admin('POST', `/games/${gameId}/teams`, { count: 3 });
      // the regression level played and revealed (its reference runs include the standardised one); the bowl open with a guess
      await server.admin('POST', `/levels/${level.regression.id}/open`);
      const team = await teamLogin(server, 1, level.regression.password);
      expect(team.status).toBe(200);
      expect((await teamGuess(server, team.token!, [1, 50])).status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await server.admin('POST', `/levels/${level.regression.id}/close`);
      await server.admin('POST', `/levels/${level.regression.id}/reveal`);
      await server.admin('POST', `/levels/${level.open.id}/open`);
      const player = await teamLogin(server, 2, level.open.password);
      expect((await teamGuess(server, player.token!, 3)).status).toBe(202);
      // Team codes are random letters and digits (not words of either language): exempt too.
      const { teams } = await server.admin('GET', `/games/${gameId}`);
      for (const t of teams as { code: string | null }[]) if (t.code) exempt.push(t.code);
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it(`walks every admin view and shows no ${zh ? 'English' : 'Chinese'} string and no console error`, async () => {
      const { page, problems, close } = await openAdmin(browser, server, { language });
      const seen: string[] = [];
      const check = async (view: string) => {
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const texts = await visibleTexts(page, ['gd-lang-switch']);
        seen.push(view);
        expect({ view, other: otherLanguage(texts, language, exempt) }).toEqual({ view, other: [] });
        await page.screenshot({ path: screenshotPath(`admin-lang-${language}-${view}`), fullPage: true });
      };
      try {
        await go(page, '#/games', 'gd-game-list tr[data-game]');
        await check('games');
        await page.locator('gd-game-list button.danger').first().click();
        await page.locator('gd-confirm-dialog dialog[open]').waitFor();
        await check('games-delete-dialog');
        await answer(page, null);

        await go(page, `#/g/${gameId}/live/${level.open.id}`, 'gd-live-monitor tr[data-team] [data-best]');
        await expect.poll(() => page.locator('gd-live-monitor tr[data-team="2"] [data-best]').textContent()).toBe('6');
        await check('live-open');
        await page.locator('gd-round-control button[data-action="edit"]').click();
        await page.locator('gd-running-edit form').waitFor();
        await check('live-edit');
        await page.locator('gd-round-control button[data-action="reset"]').click();
        await page.locator('gd-confirm-dialog dialog[open]').waitFor();
        await check('live-reset-dialog');
        await answer(page, null);

        await page.locator(`gd-round-control button[data-level-tab="${level.draft.id}"]`).click();
        await page.locator('gd-round-control button[data-action="open"]').click();
        await page.locator('gd-confirm-dialog dialog[open]').waitFor();
        await check('live-open-others-dialog');
        await answer(page, null);

        await page.locator(`gd-round-control button[data-level-tab="${level.regression.id}"]`).click();
        await page.locator('gd-reference-panel [data-reference-results] tr[data-run="standardised"]').waitFor({ timeout: 20_000 });
        await check('live-revealed');
        // the slides' regression trains on the server first (TensorFlow.js): its chart appears when it answers
        await expect.poll(() => chartTexts(page, 'gd-reference-panel', 'lossChart'), { timeout: 30_000 }).not.toEqual(['no chart']);
        const reference = await chartTexts(page, 'gd-reference-panel', 'lossChart');
        expect(reference.length).toBeGreaterThan(2);
        expect({ chart: 'loss', other: otherLanguage(reference, language, exempt) }).toEqual({ chart: 'loss', other: [] });
        const plot = await chartTexts(page, 'gd-live-monitor gd-function-plot', 'chart');
        expect(plot.slice(0, 2)).toEqual(['a', 'b']);

        await go(page, `#/g/${gameId}/levels/${level.regression.id}`, 'gd-level-editor [data-level-data]');
        await check('level-regression');
        await go(page, `#/g/${gameId}/levels/new`, 'gd-level-editor #expr');
        await page.locator('gd-level-editor #expr').fill('sin(x, 2)');
        await page.locator('gd-level-editor [data-expr-error]').waitFor();
        await page.locator('gd-level-editor button[data-from-data]').click();
        await page.locator('gd-regression-builder textarea').fill(`${content.columns.join('\t')}\n1\t2\n3,5\t4`);
        await page.locator('gd-regression-builder [data-data-problem]').waitFor();
        await check('level-new-errors');
        await page.locator('gd-regression-builder textarea').fill(`${content.columns.join('\t')}\n1\t2\n3.5\t4\n5\t7`);
        await page.locator('gd-regression-builder [data-data-how]').waitFor();
        await check('level-new-regression');
        const data = await chartTexts(page, 'gd-regression-builder gd-data-preview', 'chart');
        expect({ chart: 'data', other: otherLanguage(data, language, exempt) }).toEqual({ chart: 'data', other: [] });

        await go(page, `#/g/${gameId}/teams`, 'gd-team-manager tr[data-team]');
        await check('teams');
        await go(page, `#/g/${gameId}/cards`, 'gd-team-cards img.qr');
        await check('cards');
        await go(page, `#/g/${gameId}/settings`, 'gd-export-panel [data-export="zip"]');
        await page.locator('gd-game-settings select[data-time-zone]').selectOption('Asia/Taipei');
        await check('settings');

        await page.locator('header button[data-sign-out]').click();
        await page.locator('gd-admin-login').waitFor();
        await page.locator('gd-admin-login input[name=password]').fill('not-the-password');
        await page.locator('gd-admin-login button[type=submit]').click();
        await page.locator('gd-admin-login .error').waitFor();
        await check('login');
      } catch (err) {
        await page.screenshot({ path: screenshotPath(`admin-lang-${language}-failure`), fullPage: true }).catch(() => undefined);
        throw err;
      } finally {
        await close();
      }
      expect(seen).toHaveLength(14);
      // the refusals the walk provoked: the bad expression's preview and the wrong admin password
      const provoked = [/^400 POST .*\/api\/admin\/preview$/, /^401 POST .*\/api\/admin\/login$/, /^console: .*status of (400|401)/, /^requestfailed: .*\/api\/admin\/preview net::ERR_ABORTED$/];
      expect(problems.filter((p) => !provoked.some((re) => re.test(p)))).toEqual([]);
    }, 90_000);
  });
}

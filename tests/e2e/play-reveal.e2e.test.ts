/**
 * The reveal panel on the team page for the slides' level 3 (the shelf): a team that started where the level
 * starts sees gradient descent stuck and momentum carry through, in the slides' words (卡住, 卡住靠慣性); every run
 * shows its settings and is drawn in its colour from shared/optimizers.ts; the comparison uses the team's number
 * of evaluations for all three.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { OPTIMIZER_INFO } from '../../shared/optimizers.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import { chartData, LAPTOP, login, openDevice, zh } from './play-helpers.ts';

const SHELF = SLIDE_LEVELS.find((l) => l.key === 'shelf');
const GUESSES = 20;

/** #rrggbb as the browser reports a computed colour. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe.skipIf(!hasChromium || !SHELF)('the reveal on the team page (level 3, the shelf)', () => {
  let server: TestServer;
  let browser: Browser;
  let game: Awaited<ReturnType<typeof createGame>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const shelf = SHELF as NonNullable<typeof SHELF>;
    game = await createGame(server, {
      levels: [{ title: 'Shelf', expression: shelf.expression, domain: shelf.domain as [number, number][], delayMs: 0, budget: GUESSES, password: 'shelf' }],
      teams: 1,
      loginDelayMs: 100,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('says GD got stuck and momentum carried through, with every run’s settings and colour', async () => {
    const { page, errors } = await openDevice(browser, `${server.url}/`, LAPTOP, 'zh-TW', contexts);
    await login(page, 1, 'shelf');
    await expect.poll(() => page.getByTestId('level-title').textContent(), { timeout: 8000 }).toBe('Shelf');
    // the team starts where the level starts (x = −4) and uses its whole budget, as a script of the team would
    const made = await page.evaluate(async (count) => {
      const { token } = JSON.parse(localStorage.getItem('gd-arena.play.session') ?? '{}') as { token: string };
      let ok = 0;
      for (let i = 0; i < count; i++) {
        const posted = await fetch('/api/guesses', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ x: -4 + i * 0.05 }),
        });
        const { id } = (await posted.json()) as { id: number };
        const ready = await fetch(`/api/guesses/${id}?wait=1`, { headers: { authorization: `Bearer ${token}` } });
        if (((await ready.json()) as { status: string }).status === 'ready') ok += 1;
      }
      return ok;
    }, GUESSES);
    expect(made).toBe(GUESSES);

    await server.admin('POST', `/levels/${game.levels[0].id}/close`);
    await server.admin('POST', `/levels/${game.levels[0].id}/reveal`);
    await page.locator('[data-testid=comparison] tbody tr[data-row=adam]').waitFor({ timeout: 30_000 });

    // the slides' words: stuck, and carried through by inertia; no "why not" line, since the lesson showed
    expect(await page.getByTestId('lesson').textContent()).toBe(zh('reveal.lesson'));
    expect(zh('reveal.lesson')).toContain('卡住');
    expect(zh('reveal.lesson')).toContain('卡住靠慣性');
    expect(await page.getByTestId('reason').count()).toBe(0);

    // the same number of evaluations for the team and all three, each run with its settings
    expect(await page.locator('[data-testid=comparison] tbody tr td:nth-child(3)').allTextContents()).toEqual(['20', '20', '20', '20']);
    const shelf = SHELF as NonNullable<typeof SHELF>;
    expect(await page.locator('[data-testid=comparison] [data-testid=settings]').allTextContents()).toEqual([
      zh('opt.settings', { lr: shelf.reference.gd.lr, steps: GUESSES - 1 }),
      zh('opt.settingsBeta', { lr: shelf.reference.momentum.lr, beta: shelf.reference.momentum.beta, steps: GUESSES - 1 }),
      zh('opt.settings', { lr: shelf.reference.adam.lr, steps: GUESSES - 1 }),
    ]);
    expect(await page.locator('[data-testid=comparison] tr[data-row=momentum] .outcome').textContent()).toBe(zh('reveal.outcome.lost'));

    // one colour per optimizer, the one every page uses: in the table and on the plot
    for (const optimizer of ['gd', 'momentum', 'adam'] as const) {
      const colour = OPTIMIZER_INFO[optimizer].colour;
      expect(await page.locator(`[data-testid=comparison] tr[data-row=${optimizer}] .swatch`).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(colour));
      const dataset = await page.evaluate((label) => {
        const app = document.querySelector('gd-play-app');
        const plot = app?.shadowRoot?.querySelector('gd-guess-plot') as unknown as { chart: { chart: { data: { datasets: { label: string; borderColor: string }[] } } } };
        return plot.chart.chart.data.datasets.find((d) => d.label === label)?.borderColor;
      }, optimizer);
      expect(dataset?.toLowerCase()).toBe(colour.toLowerCase());
      expect(await page.locator(`gd-guess-plot [data-run=${optimizer}]`).textContent()).toContain(zh(OPTIMIZER_INFO[optimizer].labelKey));
    }
    expect(Object.keys(await chartData(page, 'gd-guess-plot'))).toContain('curve');
    await page.screenshot({ path: screenshotPath('play-laptop-shelf-revealed'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);
});

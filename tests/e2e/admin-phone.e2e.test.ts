import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { answer, go, headerOverlaps, LAPTOP, openAdmin, overflow, PHONE, teamLogin, type AdminPage } from './admin-page.ts';

/**
 * The instructor walks the room with a phone: every screen of the panel fits 390 px (nothing sticks out, no
 * header control on another), and the team screen shows each team's code with a reset.
 */
describe.skipIf(!hasChromium)('admin panel on a phone (390 px) and a laptop', () => {
  let server: TestServer;
  let browser: Browser;
  let gameId: number;
  let levelIds: number[];
  const opened: AdminPage[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const game = await server.admin('POST', '/games', { title: 'Phone class', loginDelayMs: 0 });
    gameId = game.id;
    await server.admin('POST', `/games/${gameId}/activate`);
    const bowl = await server.admin('POST', `/games/${gameId}/levels`, { title: 'Bowl', expression: '(x - 1)^2 + 2', domain: [[-5, 5]], delayMs: 0, password: 'p-bowl' });
    const valley = await server.admin('POST', `/games/${gameId}/levels`, {
      title: 'Valley with a long title that a phone must wrap or cut',
      expression: '(x - 1)^2 + 3 * (y + x)^2',
      domain: [
        [-3, 3],
        [-3, 3],
      ],
      delayMs: 0,
      password: 'p-valley',
    });
    levelIds = [bowl.id, valley.id];
    await server.admin('POST', `/levels/${bowl.id}/open`);
    await server.admin('POST', `/games/${gameId}/teams`, { count: 3 });
  });

  afterAll(async () => {
    for (const p of opened) await p.close();
    await browser?.close();
    await server?.close();
  });

  async function open(viewport: { width: number; height: number }): Promise<AdminPage> {
    const admin = await openAdmin(browser, server, { viewport });
    opened.push(admin);
    return admin;
  }

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const) {
    it(`fits every screen in ${viewport.width} px: nothing sticks out, no header control covers another`, async () => {
      const { page, problems } = await open(viewport);
      const screens: [string, string, string][] = [
        ['games', '#/games', 'gd-game-list tr[data-game]'],
        ['live', `#/g/${gameId}/live/${levelIds[0]}`, 'gd-live-monitor tr[data-team]'],
        ['live-2d', `#/g/${gameId}/live/${levelIds[1]}`, 'gd-round-control [data-state="draft"]'],
        ['levels', `#/g/${gameId}/levels/${levelIds[1]}`, 'gd-level-editor [data-fstar]'],
        ['level-new', `#/g/${gameId}/levels/new`, 'gd-level-editor #expr'],
        ['teams', `#/g/${gameId}/teams`, 'gd-team-manager tr[data-team]'],
        ['cards', `#/g/${gameId}/cards`, 'gd-team-cards img.qr'],
        ['settings', `#/g/${gameId}/settings`, 'gd-export-panel [data-export="zip"]'],
      ];
      for (const [screen, hash, ready] of screens) {
        await go(page, hash, ready);
        if (screen === 'level-new') {
          // the regression builder open, with data in it
          await page.locator('gd-level-editor button[data-from-data]').click();
          await page.locator('gd-regression-builder textarea').fill('hours,score\n1,50\n2,57\n3.5,61\n5,70');
          await page.locator('gd-regression-builder gd-data-preview canvas').waitFor();
        }
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await page.screenshot({ path: screenshotPath(`admin-${name}-${screen}`), fullPage: true });
        const { scrollWidth, width, outside } = await overflow(page);
        expect({ screen, outside }).toEqual({ screen, outside: [] });
        expect({ screen, scrollWidth }).toEqual({ screen, scrollWidth: width });
        expect({ screen, overlaps: await headerOverlaps(page) }).toEqual({ screen, overlaps: [] });
      }

      // a dialog's buttons stay on the screen too
      await go(page, `#/g/${gameId}/live/${levelIds[0]}`, 'gd-round-control button[data-action="reset"]');
      await page.locator('gd-round-control button[data-action="reset"]').click();
      await page.locator('gd-confirm-dialog dialog[open]').waitFor();
      await page.screenshot({ path: screenshotPath(`admin-${name}-reset-dialog`) });
      expect((await overflow(page)).outside).toEqual([]);
      await answer(page, null);
      expect(problems).toEqual([]);
    }, 60_000);
  }

  it('shows each team\'s code, claimed or not, and resets one after saying its devices will be logged out', async () => {
    const { page, problems } = await open(PHONE);
    const first = await teamLogin(server, 1, 'p-bowl');
    expect(first.status).toBe(200);
    expect(first.code).toMatch(/\S/);

    await go(page, `#/g/${gameId}/teams`, 'gd-team-manager tr[data-team]');
    const row = (n: number) => page.locator(`gd-team-manager tr[data-number="${n}"]`);
    await expect.poll(() => row(1).locator('[data-code]').textContent()).toBe(first.code);
    expect(await row(2).locator('[data-code-unclaimed]').textContent()).toBe('not claimed yet');
    expect(await row(2).locator('button[data-reset-code]').isDisabled()).toBe(true);
    // default names ('' from the server) are shown in the page's language
    expect(await row(2).locator('input.name').inputValue()).toBe('');
    expect(await row(2).locator('input.name').getAttribute('placeholder')).toBe('Team 2');

    await row(1).locator('button[data-reset-code]').click();
    const dialog = page.locator('gd-confirm-dialog dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('logged out');
    await answer(page, 'confirm');
    await expect.poll(() => row(1).locator('[data-code-unclaimed]').count()).toBe(1);
    expect(await page.locator('gd-team-manager [role="status"]').textContent()).toContain('logged out');
    // the device that held the code is logged out
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${first.token}` } });
    expect(me.status).toBe(401);
    expect(problems).toEqual([]);
  }, 40_000);

  it('keeps only what was saved in the team editor: a refused number goes back', async () => {
    const { page, problems } = await open(PHONE);
    await go(page, `#/g/${gameId}/teams`, 'gd-team-manager tr[data-team]');
    const number = page.locator('gd-team-manager tr[data-number="3"] input.number');
    await number.fill('2');
    await number.press('Enter');
    await page.locator('gd-team-manager [role="alert"]').waitFor();
    expect(await page.locator('gd-team-manager [role="alert"]').textContent()).toBe('That number or password is already taken.');
    expect(await number.inputValue()).toBe('3');
    expect(await page.locator('gd-team-manager input.number').evaluateAll((inputs) => (inputs as HTMLInputElement[]).map((i) => i.value))).toEqual(['1', '2', '3']);
    // the one refusal the test provoked (the browser also logs it on the console)
    expect(problems.filter((p) => !/^409 PATCH .*\/api\/admin\/teams\/\d+$/.test(p) && !/^console: .*status of 409/.test(p))).toEqual([]);
  }, 30_000);
});

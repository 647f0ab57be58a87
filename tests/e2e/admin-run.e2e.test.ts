import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { answer, go, openAdmin, PHONE, teamGuess, teamLogin, type AdminPage } from './admin-page.ts';

/** Running a class quickly from the Run page: opening with others open, changing a running level, resetting. */
describe.skipIf(!hasChromium)('running a class from the admin panel', () => {
  let server: TestServer;
  let browser: Browser;
  let gameId: number;
  let levels: { id: number; password: string }[];
  const opened: AdminPage[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const game = await server.admin('POST', '/games', { title: 'Run class', loginDelayMs: 0 });
    gameId = game.id;
    await server.admin('POST', `/games/${gameId}/activate`);
    levels = [];
    for (const [i, expression] of ['(x - 1)^2', '(x + 1)^2', '(x - 2)^2 + 1'].entries()) {
      const level = await server.admin('POST', `/games/${gameId}/levels`, { title: `L${i + 1}`, expression, domain: [[-5, 5]], delayMs: 0, password: `run-${i + 1}` });
      levels.push({ id: level.id, password: level.password });
    }
    await server.admin('POST', `/games/${gameId}/teams`, { count: 2 });
  });

  afterAll(async () => {
    for (const p of opened) await p.close();
    await browser?.close();
    await server?.close();
  });

  const status = async (id: number): Promise<string> => (await server.admin('GET', `/levels/${id}`)).status;

  it('asks whether to close the other open levels when opening one, and does what the instructor picks', async () => {
    const admin = await openAdmin(browser, server, { viewport: PHONE });
    opened.push(admin);
    const { page, problems } = admin;
    const state = () => page.locator('gd-round-control [data-state]').getAttribute('data-state');

    // nothing else open: no question
    await go(page, `#/g/${gameId}/live/${levels[0].id}`, 'gd-round-control button[data-action="open"]');
    await page.locator('gd-round-control button[data-action="open"]').click();
    await expect.poll(state).toBe('open');
    expect(await page.locator('gd-confirm-dialog').count()).toBe(0);

    // L1 is open: opening L2 asks, and "close them" closes L1
    await page.locator(`gd-round-control button[data-level-tab="${levels[1].id}"]`).click();
    await page.locator('gd-round-control button[data-action="open"]').click();
    const dialog = page.locator('gd-confirm-dialog dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('"L1"');
    await page.screenshot({ path: screenshotPath('admin-open-others') });
    await answer(page, 'close');
    await expect.poll(state).toBe('open');
    expect([await status(levels[0].id), await status(levels[1].id)]).toEqual(['closed', 'open']);
    await expect.poll(() => page.locator(`gd-round-control button[data-level-tab="${levels[0].id}"] .dot`).getAttribute('class')).toContain('status-closed');

    // L2 is open: opening L3 and keeping the others leaves both open
    await page.locator(`gd-round-control button[data-level-tab="${levels[2].id}"]`).click();
    await page.locator('gd-round-control button[data-action="open"]').click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('"L2"');
    await answer(page, 'keep');
    await expect.poll(state).toBe('open');
    expect([await status(levels[1].id), await status(levels[2].id)]).toEqual(['open', 'open']);

    // Cancel opens nothing
    await server.admin('POST', `/levels/${levels[0].id}/reset`, {});
    await page.locator(`gd-round-control button[data-level-tab="${levels[0].id}"]`).click();
    await expect.poll(state).toBe('draft');
    await page.locator('gd-round-control button[data-action="open"]').click();
    await answer(page, null);
    expect(await status(levels[0].id)).toBe('draft');
    expect(problems).toEqual([]);
  }, 40_000);

  it('changes the title, delay and budget of a running level, which apply to the guesses made after', async () => {
    const admin = await openAdmin(browser, server);
    opened.push(admin);
    const { page, problems } = admin;
    const level = levels[2];
    const { token } = await teamLogin(server, 1, level.password);
    if (!token) throw new Error('no team login');
    const before = await teamGuess(server, token, 0);
    expect(before.status).toBe(202);
    expect(Date.parse(before.body.readyAt) - Date.parse(before.body.submittedAt)).toBe(0);

    await go(page, `#/g/${gameId}/live/${level.id}`, 'gd-round-control [data-state="open"]');
    await page.locator('gd-round-control button[data-action="edit"]').click();
    const form = page.locator('gd-running-edit form');
    expect(await form.textContent()).toContain('apply to guesses made from now on');
    await form.locator('#rt').fill('L3, second half');
    await form.locator('#rd').fill('1.5');
    await form.locator('#rb').fill('3');
    await page.screenshot({ path: screenshotPath('admin-running-edit') });
    await form.locator('button[type=submit]').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator(`gd-round-control button[data-level-tab="${level.id}"]`).textContent()).toContain('L3, second half');
    const stored = await server.admin('GET', `/levels/${level.id}`);
    expect([stored.title, stored.delayMs, stored.budget, stored.status]).toEqual(['L3, second half', 1500, 3, 'open']);

    // the next guess waits the new delay; the budget of 3 counts the guess made before
    const ready = async (id: number) => {
      const res = await fetch(`${server.url}/api/guesses/${id}?wait=1`, { headers: { authorization: `Bearer ${token}` } });
      expect((await res.json()).status).toBe('ready');
    };
    await ready(before.body.id);
    const after = await teamGuess(server, token, 1);
    expect(after.status).toBe(202);
    expect(Date.parse(after.body.readyAt) - Date.parse(after.body.submittedAt)).toBe(1500);
    await ready(after.body.id);
    const third = await teamGuess(server, token, 2);
    expect(third.status).toBe(202);
    await ready(third.body.id);
    const fourth = await teamGuess(server, token, 3);
    expect([fourth.status, fourth.body.error?.code]).toEqual([409, 'BUDGET_EXHAUSTED']);

    // the level editor of a running level: title, delay and budget open, the function fixed, and it says so
    await go(page, `#/g/${gameId}/levels/${level.id}`, 'gd-level-editor [data-running-note]');
    const editor = page.locator('gd-level-editor');
    expect(await editor.locator('[data-running-note]').textContent()).toContain('apply to guesses made from now on');
    expect(await editor.locator('#title').isDisabled()).toBe(false);
    expect(await editor.locator('#delay').isDisabled()).toBe(false);
    expect(await editor.locator('#budget').isDisabled()).toBe(false);
    expect(await editor.locator('#expr').isDisabled()).toBe(true);
    await editor.locator('#budget').fill('4');
    await editor.locator('button[type=submit]').click();
    await expect.poll(async () => (await server.admin('GET', `/levels/${level.id}`)).budget).toBe(4);
    expect(problems).toEqual([]);
  }, 40_000);

  it('offers the results before a reset: the zip of both CSVs downloads, then the level is reset', async () => {
    const admin = await openAdmin(browser, server);
    opened.push(admin);
    const { page, problems } = admin;
    const level = levels[1];
    const { token } = await teamLogin(server, 2, level.password);
    if (!token) throw new Error('no team login');
    expect((await teamGuess(server, token, -1)).status).toBe(202);

    await go(page, `#/g/${gameId}/live/${level.id}`, 'gd-round-control [data-state="open"]');
    await page.locator('gd-round-control button[data-action="reset"]').click();
    const dialog = page.locator('gd-confirm-dialog dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('button[data-choice="export"]').textContent()).toContain('Download the results');
    const [download] = await Promise.all([page.waitForEvent('download'), answer(page, 'export')]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^gd-arena-game-${gameId}-results-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const zip = readFileSync((await download.path()) as string);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.includes(Buffer.from('guesses'))).toBe(true);
    expect(zip.includes(Buffer.from('standings'))).toBe(true);
    await expect.poll(() => page.locator('gd-round-control [data-state]').getAttribute('data-state')).toBe('draft');
    expect((await server.admin('GET', `/levels/${level.id}/guesses`)).guesses).toEqual([]);
    expect(problems).toEqual([]);
  }, 40_000);
});

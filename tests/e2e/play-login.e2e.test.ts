/**
 * Logging in on the team page: the form starts at the team number (filled from a team card's ?team=N), a wrong
 * password in a game without PINs never brings up a PIN field, the first device of a team is shown its team code
 * (large, then in the header), and a teammate's device is asked for the code only when the server says the team is
 * claimed (TEAM_CODE_REQUIRED).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import { en, login, openDevice, PHONE, zh } from './play-helpers.ts';

const AFTER_LOGIN = { timeout: 8000 };
/** The line Chromium logs for a refused request (a 401 answer): expected once per refusal this test provokes. */
const REFUSED = 'Failed to load resource: the server responded with a status of 401 (Unauthorized)';

/** The focused element through shadow roots, by its name attribute. */
async function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('name') ?? null;
  });
}

describe.skipIf(!hasChromium)('logging in on the team page', () => {
  let server: TestServer;
  let browser: Browser;
  let game: Awaited<ReturnType<typeof createGame>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    game = await createGame(server, {
      levels: [{ title: 'One', expression: '(x - 2)^2', domain: [[-5, 5]], delayMs: 300, password: 'login-one' }],
      teams: 3,
      loginDelayMs: 300,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('starts at the team number (filled from ?team=N), and a wrong password in a game without PINs shows no PIN field', async () => {
    const { page, errors } = await openDevice(browser, `${server.url}/?team=3`, PHONE, 'en-US', contexts);
    await expect.poll(() => page.locator('gd-login-form input[name=team]').inputValue()).toBe('3');
    await expect.poll(() => focusedName(page)).toBe('team');
    // the game asks for no PIN: no PIN field, no "we have a PIN" link either
    expect(await page.locator('gd-login-form input[name=pin]').count()).toBe(0);
    expect(await page.locator('gd-login-form .linkish').count()).toBe(0);
    // no code field before the server asks for one
    expect(await page.locator('gd-login-form input[name=code]').count()).toBe(0);

    await page.locator('gd-login-form input[name=password]').fill('not-the-password');
    await page.locator('gd-login-form input[name=password]').press('Enter');
    await expect.poll(() => page.getByTestId('login-error').textContent(), AFTER_LOGIN).toBe(en('error.BAD_LOGIN'));
    expect(await page.locator('gd-login-form input[name=pin]').count()).toBe(0);
    expect(await page.locator('gd-login-form input[name=code]').count()).toBe(0);
    expect(errors).toEqual([REFUSED]);
  });

  it('shows the first device its team code, and asks a teammate’s device for it only when the server says the team is claimed', async () => {
    // the first device of team 1 claims the team and is told its code, large
    const first = await openDevice(browser, `${server.url}/`, PHONE, 'zh-TW', contexts);
    await login(first.page, 1, 'login-one');
    await expect.poll(() => first.page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('One');
    const detail = await server.admin('GET', `/games/${game.gameId}`);
    const code = (detail.teams as { number: number; code: string | null }[]).find((t) => t.number === 1)?.code;
    expect(code).toBeTruthy();
    await expect.poll(() => first.page.getByTestId('team-code-big').textContent()).toBe(code);
    expect(await first.page.locator('gd-team-code h2').textContent()).toBe(zh('code.title'));
    expect(await first.page.getByTestId('team-code').textContent()).toBe(zh('code.chip', { code: code as string }));
    await first.page.screenshot({ path: screenshotPath('play-phone390-team-code') });
    // once read, the card goes; the header keeps the code where a teammate can read it, across a reload
    await first.page.locator('gd-team-code button').click();
    expect(await first.page.getByTestId('team-code-big').count()).toBe(0);
    await first.page.reload();
    await expect.poll(() => first.page.getByTestId('team-code').textContent(), AFTER_LOGIN).toBe(zh('code.chip', { code: code as string }));
    expect(await first.page.getByTestId('team-code-big').count()).toBe(0);

    // a teammate's device: the usual form, then the server says the team is claimed and the form asks for the code
    const second = await openDevice(browser, `${server.url}/`, PHONE, 'zh-TW', contexts);
    expect(await second.page.locator('gd-login-form input[name=code]').count()).toBe(0);
    await login(second.page, 1, 'login-one');
    await expect.poll(() => second.page.getByTestId('login-error').textContent(), AFTER_LOGIN).toBe(zh('error.TEAM_CODE_REQUIRED'));
    await expect.poll(() => focusedName(second.page)).toBe('code');
    await second.page.screenshot({ path: screenshotPath('play-phone390-code-required') });
    // a wrong code: said so, still on the form
    await second.page.locator('gd-login-form input[name=code]').fill(`${code}X`);
    await second.page.locator('gd-login-form input[name=code]').press('Enter');
    await expect.poll(() => second.page.getByTestId('login-error').textContent(), AFTER_LOGIN).toBe(zh('login.codeWrong'));
    // the right one, typed in full-width characters as a Chinese IME may: in
    const fullWidth = (code as string).replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(fullWidth).not.toBe(code);
    await second.page.locator('gd-login-form input[name=code]').fill(` ${fullWidth} `);
    await second.page.locator('gd-login-form input[name=code]').press('Enter');
    await expect.poll(() => second.page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe('One');
    // it typed the code, so no large card; the header shows it all the same
    expect(await second.page.getByTestId('team-code-big').count()).toBe(0);
    expect(await second.page.getByTestId('team-code').textContent()).toBe(zh('code.chip', { code: code as string }));
    // the two refusals (no code, a wrong code) and nothing else
    expect([...first.errors, ...second.errors]).toEqual([REFUSED, REFUSED]);
  });
});

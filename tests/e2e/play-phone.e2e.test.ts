/**
 * The team page on a 390×844 phone: the ± key (iOS's decimal keypad has no minus), a comma refused rather than
 * guessed, no stale refusal in place of a result, nothing cut off, and after settlement the standings (ranks and best
 * f at the close; points, the team's points and podium place at the reveal) without a "Time left 0:00".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import { guess, history, login, openDevice, overflowsViewport, PHONE, truncated, zh } from './play-helpers.ts';

const LONG_TITLE = 'Round one of the afternoon: the lopsided bowl with a long name';
const AFTER_LOGIN = { timeout: 8000 };

/** The focused element through shadow roots: its tag and name. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}[${el.getAttribute('name') ?? ''}]` : '';
  });
}

describe.skipIf(!hasChromium)('team page on a phone (390×844)', () => {
  let server: TestServer;
  let browser: Browser;
  let game: Awaited<ReturnType<typeof createGame>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    // f(x) = (x − 1)², no time limit; a delay long enough to press Enter again while a guess is pending
    game = await createGame(server, {
      levels: [{ title: LONG_TITLE, expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 1500, budget: 6, password: 'phone-bowl' }],
      teams: 2,
      loginDelayMs: 300,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('types a negative x with the ± key, refuses "3,5", never leaves a stale refusal in place of the result, and shows the standings after settlement', async () => {
    const { page, errors } = await openDevice(browser, `${server.url}/`, PHONE, 'zh-TW', contexts);
    const posted: string[] = [];
    page.on('websocket', (socket) => socket.on('framesent', (frame) => String(frame.payload).includes('"guess"') && posted.push(String(frame.payload))));
    page.on('request', (request) => request.method() === 'POST' && request.url().endsWith('/api/guesses') && posted.push(request.postData() ?? ''));
    await login(page, 1, 'phone-bowl');
    await expect.poll(() => page.getByTestId('level-title').textContent(), AFTER_LOGIN).toBe(LONG_TITLE);

    // nothing is cut off or wider than the phone: the long title wraps, the tiles keep their words
    expect(await truncated(page, ['.level-title', '.who', 'dt', 'dd', 'small', 'button'])).toEqual([]);
    expect(await overflowsViewport(page)).toBe(false);
    await page.screenshot({ path: screenshotPath('play-phone390-start') });

    // ± on an empty field gives "-", the digits follow; ± again flips back; the keyboard stays on the field
    const x = page.locator('gd-guess-input input').first();
    await x.fill('');
    await page.getByTestId('sign-0').click();
    expect(await x.inputValue()).toBe('-');
    expect(await focused(page)).toBe('input[x0]');
    await x.press('4');
    expect(await x.inputValue()).toBe('-4');
    await page.getByTestId('sign-0').click();
    expect(await x.inputValue()).toBe('4');
    await page.getByTestId('sign-0').click();
    expect(await x.inputValue()).toBe('-4');

    // "3,5" is neither 3.5 nor 35: the page asks for a dot and sends nothing
    await guess(page, '3,5');
    await expect.poll(() => page.getByTestId('x-error').textContent()).toBe(zh('input.comma', { name: 'x' }));
    expect(posted).toEqual([]);

    // −4 goes out; Enter again while it is pending says "wait", and the result replaces that line when it comes
    await x.fill('');
    await page.getByTestId('sign-0').click();
    await x.press('4');
    await x.press('Enter');
    await page.getByTestId('pending').waitFor();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('-4');
    await x.press('Enter');
    await expect.poll(() => page.getByTestId('guess-error').textContent()).toBe(zh('input.waitFirst'));
    await page.screenshot({ path: screenshotPath('play-phone390-wait') });
    await expect.poll(() => page.getByTestId('latest').textContent(), { timeout: 6000 }).toContain('f(-4) = 25');
    expect(await page.getByTestId('guess-error').count()).toBe(0);
    expect(posted).toHaveLength(1);
    expect((await history(page))[0].slice(0, 3)).toEqual(['★1', '-4', '25']);
    // a better one: f(2) = 1
    await guess(page, '2');
    await expect.poll(() => history(page).then((rows) => rows[0].slice(0, 3)), { timeout: 6000 }).toEqual(['★2', '2', '1']);

    // team 2 (a script) does better: f(1) = 0
    const api = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return res.json() as Promise<Record<string, unknown>>;
    };
    const { token } = (await api('/api/login', { team: 2, password: 'phone-bowl' })) as { token: string };
    const { id } = (await api('/api/guesses', { x: 1 }, token)) as { id: number };
    // wait for its result as a script would (the answer comes at readyAt)
    const ready = await (await fetch(`${server.url}/api/guesses/${id}?wait=1`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(ready).toMatchObject({ status: 'ready', fx: 0 });
    const level = game.levels[0].id;

    // the close: ranks and best f, no points yet, and no clock of a level that never had a time limit
    await server.admin('POST', `/levels/${level}/close`);
    await expect.poll(() => page.getByTestId('level-line').textContent()).toBe(zh('standings.levelRank', { rank: 2, teams: 2 }));
    expect(await page.getByTestId('time').count()).toBe(0);
    expect(await page.locator('gd-level-stats').textContent()).not.toContain('0:00');
    const closedRows = await page.locator('[data-testid=standings-level] tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
    expect(closedRows).toEqual([
      ['1', zh('team.defaultName', { number: 2 }), '0'],
      ['2', `${zh('team.defaultName', { number: 1 })} ${zh('standings.you')}`, '1'],
    ]);
    expect(await page.getByTestId('podium').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('play-phone390-closed'), fullPage: true });

    // the reveal: points, the team's points and podium place overall
    await server.admin('POST', `/levels/${level}/reveal`);
    const board = await (await fetch(`${server.url}/api/board`)).json();
    const mine = (board.overall as { teamId: number; points: number; rank: number }[]).find((e) => e.teamId === game.teams[0].id);
    expect(mine?.rank).toBe(2);
    expect(mine?.points).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('podium').textContent(), { timeout: 15_000 }).toContain(
      zh('standings.podium', { points: mine?.points ?? -1, rank: 2, teams: 2 }),
    );
    expect(await page.getByTestId('podium').textContent()).toContain(zh('standings.medal.2'));
    expect(await page.getByTestId('level-line').textContent()).toBe(zh('standings.levelPoints', { points: mine?.points ?? -1, rank: 2 }));
    expect(await page.getByTestId('level-points').textContent()).toBe(String(mine?.points));
    expect(await page.locator('[data-testid=standings-overall] tbody tr').count()).toBe(2);
    expect(await page.getByTestId('time').count()).toBe(0);
    expect(await truncated(page, ['.level-title', '.who', 'dt', 'dd', 'small', 'button', 'td'])).toEqual([]);
    expect(await overflowsViewport(page)).toBe(false);
    await page.screenshot({ path: screenshotPath('play-phone390-revealed'), fullPage: true });
    expect(errors).toEqual([]);
  });
});

/**
 * What each page costs a phone on classroom Wi-Fi: every byte Chromium downloads for it (headers and bodies, as
 * they travel, compressed), against a budget. The play page's login view must stay under 60 KB: Chart.js and the
 * plot arrive after login. Budgets are set a little above today's figures, so growth is a decision, not an accident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

const KB = 1024;
const BUDGET = {
  /** The play page until the team has logged in (issue 18: under 60 KB). */
  login: 60 * KB,
  /** What logging in adds: the plot, Chart.js, the socket, the level's state. */
  afterLogin: 90 * KB,
  board: 120 * KB,
  admin: 125 * KB,
};

interface Download {
  url: string;
  bytes: number;
  encoding: string | undefined;
  type: string;
}

/** Records every finished request of a page with its transfer size. */
function record(page: Page): Download[] {
  const downloads: Download[] = [];
  page.on('requestfinished', (request: Request) => {
    void (async () => {
      const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
      const headers = (await response?.allHeaders()) ?? {};
      downloads.push({
        url: new URL(request.url()).pathname,
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        encoding: headers['content-encoding'],
        type: headers['content-type'] ?? '',
      });
    })();
  });
  return downloads;
}

const total = (list: Download[]) => list.reduce((sum, d) => sum + d.bytes, 0);
const isText = (d: Download) => /javascript|css|html/.test(d.type);
const report = (name: string, list: Download[]) =>
  console.log(`${name}: ${(total(list) / KB).toFixed(1)} KB in ${list.length} requests\n${list.map((d) => `  ${(d.bytes / KB).toFixed(1).padStart(6)} KB  ${d.encoding ?? '-'}  ${d.url}`).join('\n')}`);

describe.skipIf(!hasChromium)('bytes each page downloads', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    await createGame(server, { levels: [{ expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 0, password: 'light' }], teams: 2 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Opens `path` in a fresh browser (empty cache) and waits until the network is quiet. `gzipOnly`: the browser
   * offers gzip and deflate only, as Chrome and Firefox do over plain HTTP to a LAN address (they offer brotli over
   * HTTPS and to localhost), which is how phones reach a classroom server.
   */
  async function visit(path: string, gzipOnly = false): Promise<{ page: Page; downloads: Download[]; close(): Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...(gzipOnly ? { extraHTTPHeaders: { 'accept-encoding': 'gzip, deflate' } } : {}) });
    const page = await context.newPage();
    const downloads = record(page);
    await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    return { page, downloads, close: () => context.close() };
  }

  it('the play page draws its login form from under 60 KB, and loads the plot only after login', async () => {
    const { page, downloads, close } = await visit('/play');
    try {
      await page.locator('gd-login-form input[name=team]').waitFor();
      const login = [...downloads];
      report('play, login view', login);
      expect(login.filter(isText).length).toBeGreaterThan(2);
      expect(login.filter((d) => isText(d) && d.encoding !== 'br' && d.encoding !== 'gzip').map((d) => d.url)).toEqual([]);
      expect(login.some((d) => /gd-guess-plot/.test(d.url))).toBe(false);
      expect(await page.evaluate(() => customElements.get('gd-guess-plot') === undefined)).toBe(true);
      expect(total(login)).toBeLessThan(BUDGET.login);

      await page.locator('gd-login-form input[name=team]').fill('1');
      await page.locator('gd-login-form input[name=password]').fill('light');
      await page.locator('gd-login-form input[name=password]').press('Enter');
      await page.waitForFunction(() => customElements.get('gd-guess-plot') !== undefined, undefined, { timeout: 15_000 });
      await page.locator('gd-guess-plot canvas').first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      const after = downloads.slice(login.length);
      report('play, logging in', after);
      expect(after.some((d) => /gd-guess-plot/.test(d.url))).toBe(true);
      expect(after.filter((d) => isText(d) && d.encoding !== 'br' && d.encoding !== 'gzip').map((d) => d.url)).toEqual([]);
      expect(total(after)).toBeLessThan(BUDGET.afterLogin);
    } finally {
      await close();
    }
  }, 60_000);

  it('the login view stays under 60 KB for a browser that is offered gzip only', async () => {
    const { page, downloads, close } = await visit('/play', true);
    try {
      await page.locator('gd-login-form input[name=team]').waitFor();
      report('play, login view, gzip only', downloads);
      expect(downloads.filter(isText).length).toBeGreaterThan(2);
      expect(downloads.filter((d) => isText(d) && d.encoding !== 'gzip').map((d) => d.url)).toEqual([]);
      expect(total(downloads)).toBeLessThan(BUDGET.login);
    } finally {
      await close();
    }
  }, 60_000);

  it.each([
    ['/board', 'board'],
    ['/admin', 'admin'],
  ] as const)('%s stays within its budget, every text asset compressed', async (path, name) => {
    const { page, downloads, close } = await visit(path);
    try {
      await page.waitForFunction((tag) => customElements.get(tag) !== undefined, `gd-${name}-app`, { timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      report(name, downloads);
      expect(downloads.filter(isText).length).toBeGreaterThan(2);
      expect(downloads.filter((d) => isText(d) && d.encoding !== 'br' && d.encoding !== 'gzip').map((d) => d.url)).toEqual([]);
      expect(total(downloads)).toBeLessThan(BUDGET[name]);
    } finally {
      await close();
    }
  }, 60_000);
});

/**
 * One language at a time, on a projector and on phones: the board is walked through every view (lobby, live, paused,
 * settlement, reveal of a 1-D level and of the regression level with its data, overall, podium) in zh-TW at
 * 1920×1080 and on 390×844 phones in zh-TW and English. At each view every visible string is read through the
 * shadow roots; the test fails on a string of the other language (what the instructor typed — titles, team names,
 * data columns — and the function itself are exempt). On the phones nothing may stick out sideways, and the last
 * panel must be reachable by scrolling. No console error on any page. Screenshots: screenshots/board-lang-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { format } from '../../shared/i18n/index.ts';
import { board } from '../../shared/i18n/board.ts';
import { common } from '../../shared/i18n/common.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';
import { hasChromium, launchBrowser, screenshotPath } from '../helpers/browser.ts';
import { createGame, startTestServer, teamLogins, type TestServer } from '../helpers/server.ts';

const regression = SLIDE_LEVELS.find((t) => t.key === 'regression')!;
const shelf = SLIDE_LEVELS.find((t) => t.key === 'shelf')!;
/** Content the instructor types: exempt from the language check (neutral test titles, a team's own name). */
const GAME_TITLE = 'Test game';
const TITLES = ['Shelf', 'Regression'];
const OWN_NAME = 'Gradient Gang';
const EXEMPT = [GAME_TITLE, ...TITLES, OWN_NAME, ...regression.data!.columns.flatMap((c) => [c.en, c['zh-TW']])];
/** Latin words a zh-TW page may show: names of methods and the app, as the slides write them. */
const LATIN_IN_ZH = new Set(['GD', 'Arena', 'Adam', 'Momentum', 'MSE']);

type Lang = 'zh-TW' | 'en';
interface Screen {
  name: string;
  page: Page;
  lang: Lang;
  phone: boolean;
}

/** Every visible text node of the page, through the shadow roots (the expression, a URL and the password removed). */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const skip = new Set(['STYLE', 'SCRIPT', 'TEMPLATE']);
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        const el = node.parentElement;
        const text = node.textContent?.trim() ?? '';
        if (!text || !el || !el.checkVisibility({ visibilityProperty: true })) return;
        // The function, the join address and the password are in neither language; the language switch names the other.
        if (el.closest('[data-testid="expression"], [data-testid="join-url"], [data-testid="password"], .url')) return;
        if ((el.getRootNode() as ShadowRoot).host?.tagName === 'GD-LANG-SWITCH') return;
        out.push(text);
        return;
      }
      if (node instanceof Element) {
        if (skip.has(node.tagName)) return;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
      node.childNodes.forEach(walk);
    };
    walk(document.body);
    return out;
  });
}

/** The strings of the other language on the page, if any. */
async function foreign(screen: Screen): Promise<string[]> {
  const texts = await visibleTexts(screen.page);
  const bad: string[] = [];
  for (const raw of texts) {
    let text = raw;
    for (const exempt of EXEMPT) text = text.split(exempt).join(' ');
    if (screen.lang === 'en') {
      if (/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(text)) bad.push(raw);
    } else {
      const words = (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !LATIN_IN_ZH.has(w));
      if (words.length) bad.push(raw);
    }
  }
  return bad;
}

/** On a phone: anything wider than the screen, and whether the last panel can be scrolled into view. */
function phoneLayout(page: Page): Promise<{ wide: string[]; lastReachable: boolean; scrollWidth: number }> {
  return page.evaluate(() => {
    const app = document.querySelector('gd-board-app')!.shadowRoot!;
    const width = innerWidth;
    const wide: string[] = [];
    const all: Element[] = [];
    const collect = (root: ParentNode): void => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) collect(el.shadowRoot);
      }
    };
    collect(app);
    for (const el of all) {
      if (!el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
        // Text cut off on purpose (an ellipsis) stays inside its box; what counts is a box past the screen's edge.
        const clipped = el.closest('.ellipsis');
        if (!clipped) wide.push(`${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ').join('.')} ${Math.round(r.left)}–${Math.round(r.right)}`);
      }
    }
    const panels = [...app.querySelectorAll('.panel, gd-reveal-legend, gd-podium')].filter((p) => p.checkVisibility());
    const last = panels[panels.length - 1];
    const scroller = document.scrollingElement && document.scrollingElement.scrollHeight > innerHeight ? document.scrollingElement : document.body;
    scroller.scrollTo(0, scroller.scrollHeight);
    const lastReachable = !last || last.getBoundingClientRect().bottom <= innerHeight + 1;
    scroller.scrollTo(0, 0);
    return { wide: wide.slice(0, 10), lastReachable, scrollWidth: document.body.scrollWidth };
  });
}

describe.skipIf(!hasChromium)('the board speaks one language at a time, on a projector and on phones', () => {
  let server: TestServer;
  let browser: Browser;
  let game: Awaited<ReturnType<typeof createGame>>;
  const screens: Screen[] = [];
  const problems: string[] = [];
  const tokens = new Map<number, string>();

  const tr = (lang: Lang, key: string, params?: Record<string, string | number>) => format(board[lang][key] ?? common[lang][key], params);

  const teamLogin = (() => {
    let logins: ReturnType<typeof teamLogins> | null = null;
    return (team: number, password: string) => (logins ??= teamLogins(server.url))(team, password);
  })();
  async function login(team: number, password: string): Promise<void> {
    tokens.set(team, await teamLogin(team, password));
  }

  async function guess(team: number, x: number | number[]): Promise<void> {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(team)}` };
    const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers, body: JSON.stringify({ x }) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };
    const ready = await fetch(`${server.url}/api/guesses/${id}?wait=1`, { headers });
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
  }

  /** Waits until every screen shows the view, then checks each one's language (and layout on phones). */
  async function check(view: string, status?: string): Promise<void> {
    for (const screen of screens) {
      await expect.poll(() => screen.page.locator('gd-board-app').evaluate((app) => app.shadowRoot!.querySelector('.screen')?.getAttribute('data-view'))).toBe(view);
      if (status) await expect.poll(() => screen.page.locator('[data-testid="status"]').first().textContent()).toBe(tr(screen.lang, `status.${status}`));
    }
    for (const screen of screens) {
      expect([screen.name, view, await foreign(screen)]).toEqual([screen.name, view, []]);
      if (screen.phone) {
        const layout = await phoneLayout(screen.page);
        expect([screen.name, view, layout]).toEqual([screen.name, view, { wide: [], lastReachable: true, scrollWidth: 390 }]);
      }
      await screen.page.screenshot({ path: screenshotPath(`board-lang-${view}${status ? `-${status}` : ''}-${screen.name}`) });
    }
  }

  async function open(name: string, viewport: { width: number; height: number }, lang: Lang): Promise<void> {
    const context = await browser.newContext({ viewport, locale: lang, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`${name} console: ${m.text()}`));
    page.on('pageerror', (err) => problems.push(`${name} page error: ${err.message}`));
    // The favicon is another page's task; anything else that fails to load is a problem.
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${name} ${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/board`);
    screens.push({ name, page, lang, phone: viewport.width < 500 });
  }

  beforeAll(async () => {
    server = await startTestServer({ logLevel: 'error' });
    game = await createGame(server, {
      levels: [
        { title: TITLES[0], expression: shelf.expression, domain: shelf.domain, delayMs: 200, budget: 20, password: 'e2e-lang-3', timeLimitMs: 600_000 },
        { title: TITLES[1], expression: regression.expression, domain: regression.domain, delayMs: 200, budget: 20, password: 'e2e-lang-4' },
      ],
      teams: 4,
      open: false,
      showLeaderboard: true,
    });
    await server.admin('PATCH', `/games/${game.gameId}`, { title: GAME_TITLE, showFeedValues: true });
    await server.admin('PATCH', `/levels/${game.levels[0].id}`, { start: shelf.start, showPassword: true });
    await server.admin('PATCH', `/levels/${game.levels[1].id}`, {
      start: regression.start,
      axes: regression.axes,
      data: { columns: regression.data!.columns, points: regression.data!.points.map(([s, y]) => [s, y]) },
      showPassword: true,
    });
    await server.admin('PATCH', `/teams/${game.teams[1].id}`, { name: OWN_NAME });
    browser = await launchBrowser();
    await open('zh-1920', { width: 1920, height: 1080 }, 'zh-TW');
    await open('zh-390', { width: 390, height: 844 }, 'zh-TW');
    await open('en-390', { width: 390, height: 844 }, 'en');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('walks a 1-D level from the lobby to its reveal', async () => {
    await check('lobby');
    await server.admin('POST', `/levels/${game.levels[0].id}/open`);
    for (const team of [1, 2, 3]) await login(team, 'e2e-lang-3');
    await guess(1, -4);
    await guess(2, 0);
    await guess(3, 2.5);
    await guess(1, -2);
    await check('live', 'open');
    await server.admin('POST', `/levels/${game.levels[0].id}/pause`);
    await check('live', 'paused');
    await server.admin('POST', `/levels/${game.levels[0].id}/close`);
    await check('settlement', 'closed');
    await server.admin('POST', `/levels/${game.levels[0].id}/reveal`);
    await check('reveal', 'revealed');
    for (const screen of screens) await screen.page.keyboard.press('s');
    await check('settlement', 'revealed');
    for (const screen of screens) await screen.page.keyboard.press('o');
    await check('overall');
    for (const screen of screens) await screen.page.keyboard.press('a');
    await check('reveal', 'revealed');
  });

  it('walks the regression level with its data, then the podium', async () => {
    await server.admin('POST', `/levels/${game.levels[1].id}/open`);
    for (const team of [1, 2, 4]) await login(team, 'e2e-lang-4');
    await guess(1, [3.33, 50]);
    await guess(2, [1.8, 65]);
    await guess(4, [2, 62]);
    await check('live', 'open');
    // The summary line names the level's columns in each screen's language.
    for (const screen of screens) {
      const feature = screen.lang === 'en' ? 'swear factor' : '髒話因子';
      await expect.poll(() => screen.page.locator('[data-testid="level-summary"]').textContent()).toBe(tr(screen.lang, 'board.data.summary', { n: 9, feature, target: 'IQ', a: 'a', b: 'b' }));
    }
    await server.admin('POST', `/levels/${game.levels[1].id}/close`);
    await check('settlement', 'closed');
    await server.admin('POST', `/levels/${game.levels[1].id}/reveal`);
    await check('reveal', 'revealed');
    for (const screen of screens) await screen.page.locator('[data-testid="podium-button"]').click();
    await check('podium');
    // Default names in each language; the team's own name as typed.
    const first = await screens[0].page.locator('[data-testid="podium-first"] .name').textContent();
    expect([tr('zh-TW', 'team.defaultName', { number: 1 }), OWN_NAME, tr('zh-TW', 'team.defaultName', { number: 4 })]).toContain(first);
    expect(problems).toEqual([]);
  });
});

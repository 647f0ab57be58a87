/** What the team page's browser tests share: a device on the page, a student's typing, and what the page shows. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { format } from '../../shared/i18n/index.ts';
import { common } from '../../shared/i18n/common.ts';
import { play } from '../../shared/i18n/play.ts';

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 768 };

/** What a zh-TW or English student reads for a key (the page's own string table, then the common one). */
export const zh = (key: string, params?: Record<string, string | number>) => format(play['zh-TW'][key] ?? common['zh-TW'][key], params);
export const en = (key: string, params?: Record<string, string | number>) => format(play.en[key] ?? common.en[key], params);

/** A fresh device (its own storage) on the team page; every console error and page error is collected. */
export async function openDevice(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  locale: string,
  contexts: BrowserContext[],
): Promise<{ page: Page; errors: string[] }> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: phone ? 2 : 1, isMobile: phone, hasTouch: phone });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** Types the team number and password and submits with Enter, as a student would. */
export async function login(page: Page, team: number, password: string): Promise<void> {
  await page.locator('gd-login-form input[name=team]').fill(String(team));
  await page.locator('gd-login-form input[name=password]').fill(password);
  await page.locator('gd-login-form input[name=password]').press('Enter');
}

/** Fills the guess fields (one per axis) and presses Enter. */
export async function guess(page: Page, ...coords: string[]): Promise<void> {
  const inputs = page.locator('gd-guess-input input');
  for (const [i, value] of coords.entries()) await inputs.nth(i).fill(value);
  await inputs.first().press('Enter');
}

/** The cells of the history table's rows, newest first: [#, point, f, slope, time]. */
export async function history(page: Page): Promise<string[][]> {
  return page.locator('gd-guess-history tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
  );
}

/** The datasets of a chart inside `host` (a plot element): label → points (the canvas itself is only pixels). */
export async function chartData(page: Page, host: 'gd-guess-plot' | 'gd-regression-plot'): Promise<Record<string, { x: number; y: number }[]>> {
  return page.evaluate((tag) => {
    const find = (root: Document | ShadowRoot): Element | null => {
      const direct = root.querySelector(tag);
      if (direct) return direct;
      for (const el of root.querySelectorAll('*')) {
        const found = el.shadowRoot ? find(el.shadowRoot) : null;
        if (found) return found;
      }
      return null;
    };
    const plot = find(document) as unknown as { chart?: { chart: { data: { datasets: { label: string; data: { x: number; y: number }[] }[] } } | null } } | null;
    const datasets = plot?.chart?.chart?.data.datasets ?? [];
    return Object.fromEntries(datasets.map((d) => [d.label, d.data.map((p) => ({ x: p.x, y: p.y }))]));
  }, host);
}

/** The axis titles of the chart inside `host`. */
export async function chartAxes(page: Page, host: 'gd-guess-plot' | 'gd-regression-plot'): Promise<{ x: string; y: string }> {
  return page.evaluate((tag) => {
    const find = (root: Document | ShadowRoot): Element | null => {
      const direct = root.querySelector(tag);
      if (direct) return direct;
      for (const el of root.querySelectorAll('*')) {
        const found = el.shadowRoot ? find(el.shadowRoot) : null;
        if (found) return found;
      }
      return null;
    };
    type Scales = Record<'x' | 'y', { options: { title: { text: string } } }>;
    const plot = find(document) as unknown as { chart?: { chart: { scales: Scales } | null } } | null;
    const scales = plot?.chart?.chart?.scales;
    return { x: scales?.x.options.title.text ?? '', y: scales?.y.options.title.text ?? '' };
  }, host);
}

/**
 * Every piece of text a student can see on the page, through every shadow root: text nodes of rendered elements, the
 * placeholders of inputs, the document's title. `exempt` marks what a language check leaves alone: the instructor's
 * own words (level titles, the expression), the team code, and the language switch, which names the other language
 * on purpose.
 */
export async function visibleTexts(page: Page): Promise<{ text: string; exempt: boolean }[]> {
  return page.evaluate(() => {
    const out: { text: string; exempt: boolean }[] = [];
    // The instructor's words, and the team code (random letters, in no language).
    const INSTRUCTOR = new Set(['level-title', 'expression', 'team-code', 'team-code-big']);
    const visit = (node: Node, instructor: boolean): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = (node.textContent ?? '').trim();
        const parent = node.parentElement;
        if (text && parent && parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) out.push({ text, exempt: instructor });
        return;
      }
      if (!(node instanceof Element)) {
        for (const child of node.childNodes) visit(child, instructor);
        return;
      }
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(node.tagName)) return;
      const mine = instructor || INSTRUCTOR.has(node.getAttribute('data-testid') ?? '') || node.tagName === 'GD-LANG-SWITCH';
      if (node instanceof HTMLInputElement && node.checkVisibility() && node.placeholder) out.push({ text: node.placeholder, exempt: mine });
      if (node.shadowRoot) for (const child of node.shadowRoot.childNodes) visit(child, mine);
      for (const child of node.childNodes) visit(child, mine);
    };
    visit(document.body, false);
    // The title holds the level's title (the instructor's) and the app's name.
    out.push({ text: document.title, exempt: true });
    return out;
  });
}

/** Texts of the other language on the page (exempt texts left out). */
export function otherLanguage(texts: { text: string; exempt: boolean }[], locale: 'zh-TW' | 'en'): string[] {
  const mine = texts.filter((t) => !t.exempt).map((t) => t.text);
  if (locale === 'en') return mine.filter((text) => /\p{Script=Han}/u.test(text));
  // In zh-TW: English words are out, except names the class uses as they are, and mathematics (f_best, f(x), lr).
  const allowed = new Set(['GD', 'Arena', 'Adam', 'Momentum', 'PIN', 'Enter', 'IQ']);
  return mine.filter((text) =>
    [...text.replace(/f_best/g, '').matchAll(/[A-Za-z]{2,}/g)].some((m) => !allowed.has(m[0])),
  );
}

/** Elements whose content is wider than their box (cut off, or spilling out) anywhere in the page, through shadow roots. */
export async function truncated(page: Page, selectors: string[]): Promise<string[]> {
  return page.evaluate((wanted) => {
    const cut: string[] = [];
    const visit = (root: Document | ShadowRoot): void => {
      for (const selector of wanted) {
        for (const el of root.querySelectorAll<HTMLElement>(selector)) {
          if (el.checkVisibility() && el.scrollWidth > el.clientWidth + 1) {
            cut.push(`${selector}: ${el.textContent?.trim()}`);
          }
        }
      }
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
    };
    visit(document);
    return cut;
  }, selectors);
}

/** The page is wider than the screen (a horizontal scroll on a phone). */
export async function overflowsViewport(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/**
 * Helpers of the admin panel's browser tests: a signed-in page that records every problem (console errors, page
 * errors, refused or failed requests), and checks that read the page as a person does — through the shadow roots:
 * the visible text, what sticks out of a phone's screen, header controls on top of each other.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export interface AdminPage {
  page: Page;
  /** Console errors, page errors, HTTP answers ≥ 400 and failed requests, in order. */
  problems: string[];
  close(): Promise<void>;
}

/** A page of /admin in the given language, signed in with the server's admin token (as a reload keeps it). */
export async function openAdmin(
  browser: Browser,
  server: TestServer,
  options: { viewport?: { width: number; height: number }; language?: 'en' | 'zh-TW'; hash?: string } = {},
): Promise<AdminPage> {
  const language = options.language ?? 'en';
  const context = await browser.newContext({
    viewport: options.viewport ?? LAPTOP,
    locale: language === 'en' ? 'en-US' : 'zh-TW',
    acceptDownloads: true,
    timezoneId: 'Asia/Taipei',
  });
  await context.addInitScript(
    ([token, locale]) => {
      localStorage.setItem('gd-arena.admin-token', JSON.stringify(token));
      localStorage.setItem('gd-arena.locale', JSON.stringify(locale));
    },
    [server.adminToken, language] as const,
  );
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()} (${message.location().url})`));
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('response', (res) => res.status() >= 400 && problems.push(`${res.status()} ${res.request().method()} ${res.url()}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  await page.goto(`${server.url}/admin${options.hash ?? ''}`);
  await page.locator('gd-admin-app header').waitFor();
  return { page, problems, close: () => context.close() };
}

/** Goes to a screen of the panel by its URL hash and waits for `ready` (a selector of what that screen shows). */
export async function go(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.locator(ready).first().waitFor();
}

/** Answers the open dialog with the button `data-choice` (or Cancel), and waits for it to go. */
export async function answer(page: Page, choice: string | null): Promise<void> {
  const dialog = page.locator('gd-confirm-dialog');
  await dialog.locator('dialog[open]').waitFor();
  await dialog.locator(choice === null ? 'button[data-cancel]' : `button[data-choice="${choice}"]`).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Every piece of text a person sees: text nodes of rendered elements, placeholders of empty fields and the chosen
 * option of each select, through every shadow root; elements matching `skip` (with what is inside) are left out.
 */
export async function visibleTexts(page: Page, skip: string[] = []): Promise<string[]> {
  return page.evaluate((skipSelectors) => {
    const texts: string[] = [];
    const shown = (el: Element): boolean => {
      if (!(el instanceof HTMLElement) && !(el instanceof SVGElement)) return false;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') return false;
      if (el.closest('dialog') && !el.closest('dialog[open]')) return false;
      const rect = el.getBoundingClientRect();
      return rect.width > 1 && rect.height > 1;
    };
    const visit = (root: Document | ShadowRoot): void => {
      for (const node of Array.from(root.childNodes)) walk(node);
    };
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = node.textContent?.trim();
        const parent = node.parentElement ?? ((node.parentNode as ShadowRoot | null)?.host as Element | undefined);
        if (text && parent && shown(parent)) texts.push(text);
        return;
      }
      if (!(node instanceof Element)) {
        for (const child of Array.from(node.childNodes)) walk(child);
        return;
      }
      if (['SCRIPT', 'STYLE', 'TEMPLATE'].includes(node.tagName)) return;
      if (skipSelectors.some((s) => node.matches(s))) return;
      if (node instanceof HTMLSelectElement) {
        if (shown(node) && node.selectedOptions[0]) texts.push(node.selectedOptions[0].text.trim());
        return;
      }
      if ((node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) && shown(node) && !node.value && node.placeholder) texts.push(node.placeholder);
      if (node.shadowRoot) visit(node.shadowRoot);
      // slotted children are rendered where their slot is: walking the light DOM covers them
      for (const child of Array.from(node.childNodes)) walk(child);
    };
    visit(document);
    return texts;
  }, skip);
}

/**
 * Elements that stick out of the screen's width (and are not inside a container that scrolls or clips them
 * sideways), described by tag and text; and the page's own scroll width.
 */
export async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const outside: string[] = [];
    const clipped = (el: Element): boolean => {
      for (let p: Element | null = parentOf(el); p; p = parentOf(p)) {
        const x = getComputedStyle(p).overflowX;
        if (x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') return true;
      }
      return false;
    };
    function parentOf(el: Element): Element | null {
      return el.parentElement ?? ((el.parentNode as ShadowRoot | null)?.host ?? null);
    }
    const visit = (root: Document | ShadowRoot): void => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        if (el.shadowRoot) visit(el.shadowRoot);
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        if ((rect.right > width + 1 || rect.left < -1) && !clipped(el)) {
          outside.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().replace(/\s+/g, '.')}` : ''} [${Math.round(rect.left)}, ${Math.round(rect.right)}] ${(el.textContent ?? '').trim().slice(0, 40)}`);
        }
      }
    };
    visit(document);
    return { scrollWidth: document.documentElement.scrollWidth, width, outside };
  });
}

/** Pairs of the header's controls (links, buttons, selects, the language switch) whose boxes overlap. */
export async function headerOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const header = document.querySelector('gd-admin-app')?.shadowRoot?.querySelector('header');
    if (!header) return ['no header'];
    const controls = Array.from(header.querySelectorAll('a, button, select, gd-lang-switch, .conn, .badge'))
      .filter((el) => getComputedStyle(el).display !== 'none')
      .map((el) => ({ name: `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 20)}`, rect: el.getBoundingClientRect() }))
      .filter(({ rect }) => rect.width > 0 && rect.height > 0);
    // a control inside another (a select's options, the switch's button) is not an overlap
    const overlaps: string[] = [];
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i].rect;
        const b = controls[j].rect;
        const inside = (p: DOMRect, q: DOMRect) => p.left >= q.left && p.right <= q.right && p.top >= q.top && p.bottom <= q.bottom;
        if (inside(a, b) || inside(b, a)) continue;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) overlaps.push(`${controls[i].name} × ${controls[j].name}`);
      }
    }
    const width = window.innerWidth;
    for (const c of controls) if (c.rect.right > width + 1 || c.rect.left < -1) overlaps.push(`${c.name} outside the screen`);
    return overlaps;
  });
}

/** A team's login over HTTP (code when the team is already claimed): its token and team code. */
export async function teamLogin(server: Pick<TestServer, 'url'>, team: number, password: string, code?: string): Promise<{ status: number; token?: string; code?: string }> {
  const res = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ team, password, ...(code ? { code } : {}) }),
  });
  const body = (await res.json()) as { token?: string; team?: { code?: string } };
  return { status: res.status, token: body.token, code: body.team?.code };
}

/** A team's guess over HTTP; the answer's status and body. */
export async function teamGuess(server: Pick<TestServer, 'url'>, token: string, x: number | number[]): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/guesses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ x }),
  });
  return { status: res.status, body: await res.json() };
}

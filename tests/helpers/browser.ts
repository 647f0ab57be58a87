import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Debian's Chromium; never a test tool's own browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run here (.ci/run installs chromium; a dev machine may lack it). */
export const hasChromium = existsSync(CHROMIUM);

/** Launches headless Chromium with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where screenshots of a test run go (looked at by a person; not compared). */
export function screenshotPath(name: string): string {
  const dir = resolve(import.meta.dirname, '../../screenshots');
  mkdirSync(dir, { recursive: true });
  return resolve(dir, `${name}.png`);
}

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OUTPUT_DIR } from './paths';

/** One person in their own browser context (own storage and socket), with every page problem recorded. */
export interface WebUser {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions, console errors and dialogs: there must be none. */
  problems: string[];
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  locale?: 'en-US' | 'zh-CN';
  colorScheme?: 'light' | 'dark';
  /** Accept the test's self-signed certificate (behind the TLS front proxy). */
  ignoreHTTPSErrors?: boolean;
}

export async function openWebUser(browser: Browser, url: string, name: string, options: OpenOptions = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 390, height: 844 },
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  const page = await context.newPage();
  const user: WebUser = { name, context, page, problems: [] };
  page.on('dialog', (dialog) => {
    user.problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => user.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') user.problems.push(`console.error: ${message.text()}`);
  });
  await page.goto(url);
  return user;
}

export async function signInOnWeb(user: WebUser): Promise<void> {
  await user.page.locator('.signin-page .signin-nickname input').fill(user.name);
  await user.page.locator('.signin-page .signin-submit').click();
  await user.page.locator('.rooms-page .rooms-user', { hasText: user.name }).waitFor();
}

/** Opens the profile page (name, avatar, devices, signing out) from the room list's header. */
export async function openProfile(user: WebUser): Promise<void> {
  await user.page.locator('.rooms-page .rooms-profile').click();
  await user.page.locator('.profile-page .profile-name-input').waitFor();
}

/** Opens a room from the list (joining it if needed) and waits until connected. */
export async function openRoomFromList(user: WebUser, name: string, scope = '.chat-page'): Promise<void> {
  const { page } = user;
  await page.locator('.rooms-page .room-item', { has: page.locator('.room-item-name', { hasText: name }) }).click();
  await page.locator(`${scope} .chat-title`, { hasText: name }).waitFor();
  await page.locator('.conn-banner--online:visible').waitFor();
}

export const webScreenshot = (user: WebUser, name: string) =>
  user.page.screenshot({ path: path.join(OUTPUT_DIR, `web-${name}.png`) });

/** Serious and critical axe-core violations on the page as it is now (rule id, impact, first targets). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids an injected <script>.
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
    }
    const results = await axe.run(document.querySelector('.taro_page_show') ?? document, {
      resultTypes: ['violations'],
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.targets.join(' ')}`);
}

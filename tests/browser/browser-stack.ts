// One local stack (npm start, app included, on free ports) and one headless Chromium per test file; a fresh browser
// context per user. A failing flow leaves a screenshot of each of its pages and their console in a temp dir.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { heading, launchChromium, signIn, type CodeFor } from '../../scripts/lib/app-browser.js';
import { startTestStack, uniqueEmail, type TestStack, type TestStackOptions } from '../integration/local-stack.js';

export interface Flow {
  stack: TestStack;
  codeFor: CodeFor;
  /** A new user's browser (its own context: no shared cookies or memory) on the app's "Sign in". */
  newUser: (label: string) => Promise<Page>;
  /** A user confirmed through the API (the sign-up screens have their own flow), signed in on "Inbox" in a new context. */
  signedIn: (label: string) => Promise<{ page: Page; email: string; token: string }>;
}

interface OpenPage {
  label: string;
  page: Page;
  console: string[];
  errors: string[];
}

/** Declares the file's stack and browser, and returns `flow`: an `it` whose failure keeps screenshots and console. */
export function browserStack(options: TestStackOptions = {}) {
  let stack: TestStack;
  let browser: Browser;
  let open: OpenPage[] = [];

  beforeAll(async () => {
    // Chromium first: when it is missing, no stack is left running for afterAll to miss.
    browser = await launchChromium();
    stack = await startTestStack(options);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const newUser = async (label: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 800, height: 640 } });
    const page = await context.newPage();
    // Every screen shows within milliseconds here; a missing one fails in 15 s rather than Playwright's 30.
    page.setDefaultTimeout(15_000);
    const entry: OpenPage = { label, page, console: [], errors: [] };
    page.on('console', (message) => entry.console.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => entry.errors.push(error.message));
    open.push(entry);
    await page.goto(stack.state.appUrl ?? '');
    return page;
  };

  const signedIn: Flow['signedIn'] = async (label) => {
    const email = uniqueEmail(label);
    const token = await stack.signedInUser(email);
    const page = await newUser(label);
    await heading(page, 'Sign in');
    await signIn(page, email);
    return { page, email, token };
  };

  const keepArtefacts = async (name: string): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-api-browser-'));
    for (const { label, page, console, errors } of open) {
      await page.screenshot({ path: join(dir, `${label}.png`), fullPage: true }).catch(() => undefined);
      writeFileSync(join(dir, `${label}.console.txt`), [...console, ...errors.map((e) => `[pageerror] ${e}`)].join('\n') + '\n');
    }
    writeFileSync(join(dir, 'test.txt'), `${name}\n`);
    return dir;
  };

  const flow = (name: string, body: (flow: Flow) => Promise<void>, timeoutMs = 60_000) =>
    it(
      name,
      async () => {
        try {
          await body({ stack, codeFor: stack.codeFor, newUser, signedIn });
          // An uncaught exception in the page is a bug even when the screens came out right.
          expect(open.flatMap(({ errors }) => errors)).toEqual([]);
        } catch (error) {
          const dir = await keepArtefacts(name);
          console.error(`browser flow failed: screenshots and console in ${dir}`);
          throw error;
        } finally {
          await Promise.all(open.map(({ page }) => page.context().close()));
          open = [];
        }
      },
      timeoutMs,
    );

  return { flow };
}

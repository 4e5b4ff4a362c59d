// Headless Chromium driving the browser app by the roles and names of app/UI.md: shared by scripts/app-walkthrough.ts
// and the browser tests (tests/browser/), so both launch the same browser and walk the same screens.
import { existsSync } from 'node:fs';
import { generateSync } from 'otplib';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's package (docs/browser-app.md): playwright-core drives it, no browser is ever downloaded. */
export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'Correct-horse-battery-42';

// No network of Chromium's own (updates, sync, QUIC probes): the only requests are the app's.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `${executablePath} is missing: install Debian's Chromium (sudo apt-get install -y chromium), as .ci/run does; ` +
        'the browser tests never download a browser.',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** The latest code the local stack "emailed" to `email` for `source` (local/outbox.ts). */
export type CodeFor = (email: string, source: string) => Promise<string>;

/** Waits for a screen: its <h1>, and the focus on it (a screen shown again keeps its heading; the focus says it is new). */
export async function heading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
  await page.locator('h1:focus', { hasText: text }).waitFor({ timeout: 5000 });
}

/**
 * From "Sign in": create the account, confirm it with the emailed code (with `resend`, a second code asked for with
 * "Send a new code"), back on "Sign in".
 */
export async function signUp(page: Page, codeFor: CodeFor, email: string, name = '', options: { resend?: boolean } = {}): Promise<void> {
  await heading(page, 'Sign in');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await heading(page, 'Create an account');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create account' }).click();
  await heading(page, 'Confirm your email');
  if (options.resend) {
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await page.getByRole('status').filter({ hasText: 'new code' }).waitFor();
  }
  await page.getByLabel('Code').fill(await codeFor(email, options.resend ? 'ResendCode' : 'SignUp'));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await heading(page, 'Sign in');
}

/** Holds the page's POST /auth/sign-in until `release` is called, to look at the page while it runs. */
export async function holdSignIn(page: Page): Promise<{ release: () => void }> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/auth/sign-in', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  return { release: () => release() };
}

/** From "Sign in" to "Inbox"; with a TOTP clock, through "Two-step verification". */
export async function signIn(page: Page, email: string, password = PASSWORD, totp?: TotpClock): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (totp) {
    await heading(page, 'Two-step verification');
    await page.getByLabel('Code').fill(await totp.code());
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await heading(page, 'Inbox');
}

/** "Sign out" in the navigation, then "Sign in again": back on "Sign in". */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'You are signed out');
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await heading(page, 'Sign in');
}

/**
 * A platform authenticator that verifies the user and answers without a touch (the DevTools protocol's WebAuthn
 * domain: https://chromedevtools.github.io/devtools-protocol/tot/WebAuthn/), so the app's navigator.credentials
 * calls run for real. It lives with the page's context and keeps its credentials until the context closes.
 */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** An authenticator app: Cognito takes a code once per 30-second step, so each code waits for a step not used yet. */
export class TotpClock {
  private lastStep = 0;
  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    while (Math.floor(Date.now() / 30_000) <= this.lastStep) await new Promise((done) => setTimeout(done, 500));
    this.lastStep = Math.floor(Date.now() / 30_000);
    return generateSync({ secret: this.secret, algorithm: 'sha1', digits: 6, period: 30 });
  }
}

// The passkey part of scripts/app-walkthrough.ts: Chromium's virtual authenticator (the DevTools protocol's WebAuthn
// domain) stands in for a platform authenticator with user verification, so the app's navigator.credentials calls
// run for real. Adds a passkey, signs in with it, signs in with an emailed code, removes the passkey (confirming with it
// when the sign-in is no longer recent) and sees it refused.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addVirtualAuthenticator, signOut } from './app-browser.js';

export interface WalkthroughSteps {
  emailOf: (name: string) => string;
  password: string;
  heading: (page: Page, text: string) => Promise<void>;
  signUp: (page: Page, email: string, name: string) => Promise<void>;
  signIn: (page: Page, email: string, password: string) => Promise<void>;
  codeFor: (email: string, source: string) => Promise<string>;
  check: (condition: boolean, what: string) => void;
  shots: string;
  /** Waits out RecentSignInMinutes before the removal, which the "Confirm it's you" dialog then confirms with the passkey. */
  recentSignInMinutes?: number;
}

export async function passkeyWalkthrough(page: Page, steps: WalkthroughSteps): Promise<void> {
  const { check, heading } = steps;
  await addVirtualAuthenticator(page);
  const email = steps.emailOf('carol');
  await steps.signUp(page, email, 'Carol');
  await steps.signIn(page, email, steps.password);

  await page.getByRole('link', { name: 'Passkeys' }).click();
  await heading(page, 'Passkeys');
  check(await page.getByText('No passkeys yet.').isVisible(), 'no passkeys at first');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
  const items = page.getByRole('listitem');
  check((await items.count()) === 1, `one passkey listed: ${await items.first().textContent()}`);
  check(await page.getByRole('button', { name: /^Remove .+, added / }).isVisible(), 'its "Remove" button names it');
  await page.screenshot({ path: join(steps.shots, 'passkeys.png') });

  await signOut(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await heading(page, 'Inbox');
  check(true, 'signed in with the passkey');

  await signOut(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await heading(page, 'Enter the code we emailed');
  await page.getByLabel('Code').fill(await steps.codeFor(email, 'EmailOtp'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await heading(page, 'Inbox');
  check(true, 'signed in with an emailed code');

  const minutes = steps.recentSignInMinutes;
  if (minutes !== undefined) {
    console.log(`..  waiting ${minutes} min for the sign-in to be old (RecentSignInMinutes)`);
    await new Promise((done) => setTimeout(done, minutes * 60_000 + 5_000));
  }
  await page.getByRole('link', { name: 'Passkeys' }).click();
  await heading(page, 'Passkeys');
  await page.getByRole('button', { name: /^Remove / }).click();
  if (minutes !== undefined) {
    const dialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Confirm with a passkey' }).click();
    check(true, '"Confirm it\'s you" confirmed with the passkey');
  }
  await page.getByRole('status').filter({ hasText: 'Passkey removed' }).waitFor();
  check(await page.getByText('No passkeys yet.').isVisible(), 'the passkey is removed');

  // The virtual authenticator still holds the credential: the API refuses it now.
  await signOut(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  check(true, `a removed passkey no longer signs in: "${await alert.textContent()}"`);
}

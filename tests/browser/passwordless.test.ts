// Passwordless sign-in in the browser app (app/UI.md, "Passwordless"; docs/passwordless.md): a passkey added on
// "Passkeys" signs in, an emailed code signs in, and a removed passkey no longer does. Chromium's virtual authenticator
// stands in for the device's, so the app's navigator.credentials calls and Cognito's WebAuthn checks run for real.
import type { Page } from 'playwright-core';
import { addVirtualAuthenticator, heading, holdSignIn, signIn, signOut, signUp } from '../../scripts/lib/app-browser.js';
import { uniqueEmail } from '../integration/local-stack.js';
import { browserStack } from './browser-stack.js';

const { flow } = browserStack();

// The API's one answer to every refused code or passkey (contract v2: it tells nothing about the account).
const REFUSED = /^Incorrect email, password, code or passkey/;

const openPasskeys = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Passkeys' }).click();
  await heading(page, 'Passkeys');
};

/** "Add a passkey" on a fresh sign-in (no "Confirm it's you"): the status names it, and the list shows it alone. */
const addPasskey = async (page: Page): Promise<string> => {
  await openPasskeys(page);
  await expect(page.getByText('No passkeys yet.').isVisible()).resolves.toBe(true);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  const status = (await page.getByRole('status').filter({ hasText: 'Passkey added: ' }).textContent()) ?? '';
  const name = status.replace('Passkey added: ', '');
  expect(name).not.toBe('');
  const items = page.getByRole('list').getByRole('listitem');
  await expect(items.count()).resolves.toBe(1);
  await expect(items.first().textContent()).resolves.toMatch(new RegExp(`^${name} Added .+ Remove$`));
  return name;
};

const passkeySignIn = async (page: Page, email: string) => {
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
};

flow('adds a passkey on "Passkeys", signs out and signs in with it', async ({ newUser, codeFor }) => {
  const page = await newUser('pia');
  await addVirtualAuthenticator(page);
  const email = uniqueEmail('pia');
  await signUp(page, codeFor, email, 'Pia');
  await signIn(page, email);
  const name = await addPasskey(page);
  await expect(page.getByRole('button', { name: /^Remove / }).getAttribute('aria-label')).resolves.toMatch(
    new RegExp(`^Remove ${name}, added `),
  );

  await signOut(page);
  await passkeySignIn(page, email);
  await heading(page, 'Inbox');
});

flow('signs in with an emailed code; a wrong code first shows the problem and stays', async ({ stack, newUser, codeFor }) => {
  const email = uniqueEmail('otto');
  await stack.signedInUser(email);
  const page = await newUser('otto');
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await heading(page, 'Enter the code we emailed');
  // The local Cognito records sign-in codes as `EmailOtp` (local/cognito/codes.ts); a wrong one is the real one changed.
  const code = await codeFor(email, 'EmailOtp');
  const wrong = code.replace(/.$/, (digit) => String((Number(digit) + 1) % 10));
  await page.getByLabel('Code').fill(wrong);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(REFUSED);
  await expect(page.getByRole('heading', { level: 1, name: 'Enter the code we emailed' }).isVisible()).resolves.toBe(true);

  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await heading(page, 'Inbox');
});

flow('a removed passkey no longer signs in: the problem shows on "Sign in"', async ({ signedIn }) => {
  const { page, email } = await signedIn('remy');
  await addVirtualAuthenticator(page);
  const name = await addPasskey(page);
  // Signed in moments ago: no "Confirm it's you" before the removal.
  await page.getByRole('button', { name: /^Remove / }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Passkey removed: ${name}` })
    .waitFor();
  await expect(page.getByText('No passkeys yet.').isVisible()).resolves.toBe(true);

  // The virtual authenticator still holds the credential, so the browser offers it; the API refuses it.
  await signOut(page);
  await passkeySignIn(page, email);
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(REFUSED);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).resolves.toBe(true);
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' }).isEnabled()).resolves.toBe(true);
});

flow('while "Email me a code" runs, every sign-in button is disabled (no second request)', async ({ stack, newUser }) => {
  const email = uniqueEmail('dora');
  await stack.signedInUser(email);
  const page = await newUser('dora');
  await heading(page, 'Sign in');
  // The API's answer is held until the buttons have been looked at.
  const { release } = await holdSignIn(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  for (const name of ['Email me a code', 'Sign in with a passkey', 'Sign in']) {
    await expect(page.getByRole('button', { name, exact: true }).isDisabled()).resolves.toBe(true);
  }
  release();
  await heading(page, 'Enter the code we emailed');
});

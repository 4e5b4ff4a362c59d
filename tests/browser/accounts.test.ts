// Account flows of the browser app (app/UI.md) in headless Chromium: sign-up, confirm and sign-in; an account an
// administrator created (NEW_PASSWORD_REQUIRED); the profile; a sign-in with the keyboard only; no second way in while
// a sign-in runs; deleting the account.
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { PASSWORD, heading, holdSignIn, signIn } from '../../scripts/lib/app-browser.js';
import { uniqueEmail } from '../integration/local-stack.js';
import { browserStack } from './browser-stack.js';

const { flow } = browserStack();

flow('signs up, confirms with a new emailed code and signs in to an empty inbox', async ({ newUser, codeFor }) => {
  const page = await newUser('ada');
  const email = uniqueEmail('ada');
  await heading(page, 'Sign in');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await heading(page, 'Create an account');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Name').fill('Ada');
  await page.getByRole('button', { name: 'Create account' }).click();
  await heading(page, 'Confirm your email');
  // A wrong code first: the problem detail shows, the screen stays.
  await page.getByLabel('Code').fill('000000');
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(/code/i);
  // "Send a new code", and the new code confirms.
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await page.getByRole('status').filter({ hasText: 'new code' }).waitFor();
  await page.getByLabel('Code').fill(await codeFor(email, 'ResendCode'));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await heading(page, 'Sign in');
  await expect(page.getByRole('status').textContent()).resolves.toContain('confirmed');
  await signIn(page, email);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
  await expect(page.getByText('No messages').isVisible()).resolves.toBe(true);
});

flow('an account an administrator created chooses a new password at its first sign-in', async ({ newUser, stack, codeFor }) => {
  const email = uniqueEmail('nina');
  await stack.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: stack.state.userPoolId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  const page = await newUser('nina');
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(await codeFor(email, 'AdminCreateUser'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await heading(page, 'Choose a new password');
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await heading(page, 'Inbox');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'You are signed out');
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await heading(page, 'Sign in');
  await signIn(page, email, PASSWORD);
});

flow('edits the name, then changes the email and verifies it with the emailed code', async ({ signedIn, codeFor }) => {
  const { page, email } = await signedIn('pat');
  const openProfile = async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
    await heading(page, 'Profile');
  };
  await openProfile();
  await expect(page.getByText(email).first().isVisible()).resolves.toBe(true);
  await page.getByLabel('Name').fill('Patricia');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

  const newEmail = uniqueEmail('patricia');
  await page.getByLabel('Email').fill(newEmail);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Verify email' }).waitFor();
  await page.getByLabel('Code').fill(await codeFor(newEmail, 'UpdateUserAttribute'));
  await page.getByRole('button', { name: 'Verify email' }).click();
  await page.getByRole('status').filter({ hasText: newEmail }).waitFor();

  // Shown again from the API: both changes were kept.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await heading(page, 'Inbox');
  await openProfile();
  await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Patricia');
  await expect(page.getByLabel('Email').inputValue()).resolves.toBe(newEmail);
});

/** Whether the element `locator` finds has the keyboard focus. */
const focused = async (page: Page, locator: ReturnType<Page['getByLabel']>) => (await locator.and(page.locator(':focus')).count()) === 1;

flow('signs in with the keyboard only: Tab between the fields, Enter submits', async ({ newUser, stack }) => {
  const email = uniqueEmail('kim');
  await stack.signedInUser(email);
  const page = await newUser('kim');
  await heading(page, 'Sign in');
  await page.keyboard.press('Tab');
  await expect(focused(page, page.getByLabel('Email'))).resolves.toBe(true);
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(focused(page, page.getByLabel('Password'))).resolves.toBe(true);
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await heading(page, 'Inbox');
  // And out again: Tab reaches "Sign out" in the navigation, Enter presses it.
  const signOut = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' });
  for (let tabs = 0; tabs < 10 && !(await focused(page, signOut)); tabs++) await page.keyboard.press('Shift+Tab');
  await expect(focused(page, signOut)).resolves.toBe(true);
  await page.keyboard.press('Enter');
  await heading(page, 'You are signed out');
});

flow('while a password sign-in runs, every button of "Sign in" is disabled, "Create an account" too', async ({ stack, newUser }) => {
  const email = uniqueEmail('sam');
  await stack.signedInUser(email);
  const page = await newUser('sam');
  await heading(page, 'Sign in');
  // The API's answer is held until the buttons have been looked at.
  const { release } = await holdSignIn(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  for (const name of ['Sign in', 'Email me a code', 'Sign in with a passkey', 'Create an account']) {
    await expect(page.getByRole('button', { name, exact: true }).isDisabled()).resolves.toBe(true);
  }
  release();
  await heading(page, 'Inbox');
});

flow(
  'deletes the account from "Security" after a confirmation; its password and its tokens no longer work',
  async ({ signedIn, stack }) => {
    const { page, email, token } = await signedIn('dee');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await heading(page, 'Security');
    await page.getByRole('heading', { name: 'Delete account', level: 2 }).waitFor();
    const confirmation = page.getByRole('dialog', { name: 'Delete your account?' });

    // "Cancel" closes the dialog and deletes nothing: the API still answers the user's other session.
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await confirmation.getByRole('button', { name: 'Cancel' }).click();
    await confirmation.waitFor({ state: 'detached' });
    // A deletion under way would disable the button at once (and a finished one remove it): the API check alone races it.
    await expect(page.getByRole('button', { name: 'Delete my account' }).isEnabled()).resolves.toBe(true);
    expect((await stack.call('GET', '/me', { token })).status).toBe(200);

    await page.getByRole('button', { name: 'Delete my account' }).click();
    await confirmation.getByRole('button', { name: 'Delete', exact: true }).click();
    await heading(page, 'Your account is deleted');
    // Every token of the user is refused (the tombstone, docs/erasure.md), not only the browser's.
    const refused = await stack.call('GET', '/me', { token });
    expect([refused.status, refused.body?.code]).toEqual([401, 'SessionEnded']);

    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await heading(page, 'Sign in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Incorrect email or password');
  },
);

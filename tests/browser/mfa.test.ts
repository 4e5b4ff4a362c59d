// Two-step verification in the browser app (app/UI.md): TOTP set-up from "Security", sign-in with a code, and the
// "Confirm it's you" dialog when the sign-in is older than RecentSignInMinutes (docs/sessions.md).
import type { Page } from 'playwright-core';
import { PASSWORD, TotpClock, heading, signIn } from '../../scripts/lib/app-browser.js';
import { browserStack } from './browser-stack.js';

// The template's smallest value, so the recent sign-in flow waits one minute, not five.
const RECENT_SIGN_IN_MINUTES = 1;
const { flow } = browserStack({ parameters: { RecentSignInMinutes: String(RECENT_SIGN_IN_MINUTES) } });

const openSecurity = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
  await heading(page, 'Security');
};

flow(
  'sets up TOTP with the QR code and secret key, signing in asks for a code, and turns it off',
  async ({ signedIn }) => {
    const { page, email } = await signedIn('tess');
    await openSecurity(page);
    await expect(page.getByText('Two-step verification is off.').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Set up two-step verification' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await page.getByLabel('Secret key').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    const authenticator = new TotpClock(secret);
    await page.getByLabel('Code').fill(await authenticator.code());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('Two-step verification is on').waitFor();
    await expect(page.getByRole('button', { name: 'Turn off' }).isVisible()).resolves.toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'You are signed out');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await heading(page, 'Sign in');
    // The code of the set-up's step was used: the clock waits for the next 30-second step.
    await signIn(page, email, PASSWORD, authenticator);
    // A fresh sign-in turns it off without the recent sign-in dialog.
    await openSecurity(page);
    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.getByText('Two-step verification is off.').waitFor();
    await expect(page.getByRole('button', { name: 'Set up two-step verification' }).isVisible()).resolves.toBe(true);
  },
  120_000,
);

flow(
  'asks "Confirm it\'s you" for a TOTP set-up after RecentSignInMinutes, then goes on with it',
  async ({ signedIn }) => {
    const { page } = await signedIn('rita');
    await new Promise((done) => setTimeout(done, RECENT_SIGN_IN_MINUTES * 60_000 + 5_000));
    await openSecurity(page);
    await page.getByRole('button', { name: 'Set up two-step verification' }).click();
    const dialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await dialog.waitFor();
    // A wrong password keeps the dialog open with the problem detail.
    await dialog.getByLabel('Password').fill('Wrong-horse-battery-00');
    await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The set-up was retried once with the new session: its QR code shows.
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await expect(page.getByLabel('Secret key').textContent()).resolves.toMatch(/^[A-Z2-7]{16,}=*$/);
  },
  120_000,
);

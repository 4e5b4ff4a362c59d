// Account flows of the browser app (app/UI.md) in headless Chromium: sign-up, confirm and sign-in.
import { PASSWORD, heading, signIn } from '../../scripts/lib/app-browser.js';
import { uniqueEmail } from '../integration/local-stack.js';
import { browserStack } from './browser-stack.js';

const { flow } = browserStack();

flow('signs up, confirms with the emailed code and signs in to an empty inbox', async ({ newUser, codeFor }) => {
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
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(/code/i);
  await page.getByLabel('Code').fill(await codeFor(email, 'SignUp'));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await heading(page, 'Sign in');
  await expect(page.getByRole('status').textContent()).resolves.toContain('confirmed');
  await signIn(page, email);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
  await expect(page.getByText('No messages').isVisible()).resolves.toBe(true);
});

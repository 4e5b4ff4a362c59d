// How sessions end in the browser app (app/UI.md): "Sign out" ends every session of the user (the other browser sees
// "You are signed out" on its next call), a reload forgets the in-memory tokens, a changed password ends them all.
import { PASSWORD, heading, signIn } from '../../scripts/lib/app-browser.js';
import { browserStack } from './browser-stack.js';

const NEW_PASSWORD = 'Another-horse-battery-43';
const { flow } = browserStack();

flow('"Sign out" in one browser ends the session of another; a reload signs out', async ({ signedIn, newUser }) => {
  const here = await signedIn('sam');
  const elsewhere = await newUser('sam-elsewhere');
  await heading(elsewhere, 'Sign in');
  await signIn(elsewhere, here.email);

  await elsewhere.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await heading(elsewhere, 'You are signed out');
  // The first browser still shows its inbox; its next call answers 401 SessionEnded.
  await here.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sent' }).click();
  await heading(here.page, 'You are signed out');
  await here.page.getByRole('button', { name: 'Sign in again' }).click();
  await heading(here.page, 'Sign in');
  await signIn(here.page, here.email);

  // Tokens live in memory only (docs/browser-app.md).
  await here.page.reload();
  await heading(here.page, 'Sign in');
});

flow('changing the password signs out; the old password is refused, the new one signs in', async ({ signedIn }) => {
  const { page, email } = await signedIn('cleo');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
  await heading(page, 'Security');
  // A wrong current password: the problem detail, still signed in.
  await page.getByLabel('Current password').fill('Wrong-horse-battery-00');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').waitFor();
  await expect(page.getByRole('alert').textContent()).resolves.not.toBe('');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await heading(page, 'You are signed out');

  await page.getByRole('button', { name: 'Sign in again' }).click();
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').waitFor();
  await signIn(page, email, NEW_PASSWORD);
});

// Walks through every flow of the browser app in headless Chromium against a running `npm start`, checking each
// screen by the roles and names of app/UI.md, and saves the screenshots docs/browser-app.md shows. Usage:
//   npm start -- --param RecentSignInMinutes=1     (then, in another shell)
//   tsx scripts/app-walkthrough.ts [--state-file local-env.json] [--chromium /usr/bin/chromium] [--screenshots DIR]
// The recent sign-in step waits for the sign-in to be older than RecentSignInMinutes (one minute at the least).
// `--flow passkeys` walks through passkeys and email codes only, with Chromium's virtual authenticator.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import type { DeliveredCode } from '../local/outbox.js';
import type { StackState } from '../local/state.js';
import { CHROMIUM, PASSWORD, TotpClock, heading, launchChromium, signIn, signUp as signUpInApp } from './lib/app-browser.js';
import { passkeyWalkthrough } from './lib/passkey-walkthrough.js';
import { ROOT } from './lib/template.js';

const { values } = parseArgs({
  options: {
    'state-file': { type: 'string' },
    chromium: { type: 'string' },
    screenshots: { type: 'string' },
    'skip-recent': { type: 'boolean' },
    flow: { type: 'string', default: 'all' },
  },
});
const state = JSON.parse(readFileSync(resolve(values['state-file'] ?? join(ROOT, 'local-env.json')), 'utf8')) as StackState;
const shots = resolve(values.screenshots ?? join(ROOT, 'docs/screenshots'));
const NEW_PASSWORD = 'Another-horse-battery-43';
const run = Date.now();
const emailOf = (name: string) => `${name}-${run}@example.com`;

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
  console.log(`ok  ${what}`);
}

async function codeFor(email: string, source: string): Promise<string> {
  const response = await fetch(`${state.codesUrl}?destination=${encodeURIComponent(email)}`);
  const { codes } = (await response.json()) as { codes: DeliveredCode[] };
  const code = codes.filter((c) => c.source === source).pop()?.code;
  if (!code) throw new Error(`no ${source} code for ${email}`);
  return code;
}

// Through "Send a new code", so the walkthrough sees the resend too.
async function signUp(page: Page, email: string, name: string): Promise<void> {
  await page.goto(state.appUrl ?? '');
  await signUpInApp(page, codeFor, email, name, { resend: true });
}

async function main(): Promise<void> {
  const browser: Browser = await launchChromium(values.chromium ?? CHROMIUM);
  const errors: string[] = [];
  const newPage = async () => {
    const page = await (await browser.newContext({ viewport: { width: 800, height: 640 } })).newPage();
    // Chromium logs each error answer (the wrong password's 401...) as "Failed to load resource": not a script error.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  };
  try {
    if (values.flow === 'passkeys') {
      const minutes = Number(state.functions.DeletePasskeyFunction?.RECENT_SIGN_IN_MINUTES ?? 5);
      const recent = values['skip-recent'] ? {} : { recentSignInMinutes: minutes };
      await passkeyWalkthrough(await newPage(), { emailOf, password: PASSWORD, heading, signUp, signIn, codeFor, check, shots, ...recent });
      check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
      return;
    }
    const alice = await newPage();
    const bob = await newPage();
    const aliceEmail = emailOf('alice');
    const bobEmail = emailOf('bob');

    await alice.goto(state.appUrl ?? '');
    await heading(alice, 'Sign in');
    await alice.screenshot({ path: join(shots, 'sign-in.png') });

    // Sign-up, a wrong code, confirm, sign-in.
    await signUp(alice, aliceEmail, 'Alice');
    await signIn(alice, aliceEmail, PASSWORD);
    check(await alice.getByText('No messages').isVisible(), 'an empty inbox says "No messages"');
    await signUp(bob, bobEmail, 'Bob');
    await bob.getByLabel('Password').fill('Wrong-horse-battery-00');
    await bob.getByLabel('Email').fill(bobEmail);
    await bob.getByRole('button', { name: 'Sign in', exact: true }).click();
    await bob.getByRole('alert').waitFor();
    check(
      (await bob.getByRole('alert').textContent()) !== '',
      `a wrong password shows the problem detail: ${await bob.getByRole('alert').textContent()}`,
    );
    await signIn(bob, bobEmail, PASSWORD);

    // Alice writes 12 messages to Bob (the keyboard only for the first): pages of 10.
    for (let n = 1; n <= 12; n++) {
      await alice.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New message' }).click();
      await heading(alice, 'New message');
      await alice.getByLabel('To').fill(bobEmail);
      await alice.getByLabel('Subject').fill(n === 12 ? 'Lunch on Friday?' : `Note ${n}`);
      await alice
        .getByLabel('Message')
        .fill(n === 12 ? 'Hi Bob,\n\nShall we try the new place on Friday at noon?\n\nAlice' : `Note number ${n}`);
      await alice.getByRole('button', { name: 'Send' }).click();
      await heading(alice, 'Sent');
    }
    check(await alice.getByRole('status').filter({ hasText: 'Message sent' }).isVisible(), '"Sent" says "Message sent"');
    check((await alice.getByRole('list').getByRole('link').count()) === 10, 'the sent box shows 10 messages a page');

    await bob.getByRole('link', { name: 'Inbox' }).click();
    await heading(bob, 'Inbox');
    const items = bob.getByRole('list').getByRole('link');
    check((await items.count()) === 10, 'the inbox shows the first 10 messages');
    check((await items.first().textContent())?.includes('Unread') === true, 'an unread message says "Unread"');
    check(await bob.getByRole('button', { name: 'Newer' }).isDisabled(), '"Newer" is disabled on the first page');
    await bob.screenshot({ path: join(shots, 'inbox.png') });
    await bob.getByRole('button', { name: 'Older' }).click();
    await heading(bob, 'Inbox');
    check((await items.count()) === 2, 'the next page has the 2 oldest');
    await bob.getByRole('button', { name: 'Newer' }).click();
    await heading(bob, 'Inbox');

    await bob.getByRole('link', { name: `Lunch on Friday? From ${aliceEmail}` }).click();
    await heading(bob, 'Message');
    check(await bob.getByText('Shall we try the new place').isVisible(), 'the message shows its body');
    await bob.screenshot({ path: join(shots, 'message.png') });
    await bob.getByRole('button', { name: 'Mark as unread' }).click();
    await heading(bob, 'Inbox');
    check((await items.first().textContent())?.includes('Unread') === true, '"Mark as unread" makes it unread again');
    await items.first().click();
    await heading(bob, 'Message');
    await bob.getByRole('button', { name: 'Delete' }).click();
    await heading(bob, 'Inbox');
    check((await items.first().textContent())?.includes('Lunch') === false, 'deleted: the message is gone from the inbox');

    // Profile: the name, then an email change with its code.
    await bob.getByRole('link', { name: 'Profile' }).click();
    await heading(bob, 'Profile');
    await bob.getByLabel('Name').fill('Robert');
    await bob.getByRole('button', { name: 'Save' }).click();
    await bob.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    check(true, 'the name is saved');
    const bobNewEmail = emailOf('robert');
    await bob.getByLabel('Email').fill(bobNewEmail);
    await bob.getByRole('button', { name: 'Save' }).click();
    await bob.getByRole('button', { name: 'Verify email' }).waitFor();
    await bob.getByLabel('Code').fill(await codeFor(bobNewEmail, 'UpdateUserAttribute'));
    await bob.getByRole('button', { name: 'Verify email' }).click();
    await bob.getByRole('status').filter({ hasText: bobNewEmail }).waitFor();
    check(true, 'the new email is verified');

    // Security: TOTP set-up with the QR code, then sign-out and a sign-in that asks for a code.
    await bob.getByRole('link', { name: 'Security' }).click();
    await heading(bob, 'Security');
    await bob.getByRole('button', { name: 'Set up two-step verification' }).click();
    const qr = bob.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    // A string evaluated in the page (this script is compiled without the DOM types): the SVG decoded and drawn.
    await bob.waitForFunction('document.querySelector(\'img[alt="QR code for your authenticator app"]\')?.naturalWidth > 0', undefined, {
      timeout: 5000,
    });
    check(true, 'the QR code image is drawn');
    const secret = (await bob.getByLabel('Secret key').textContent()) ?? '';
    check(/^[A-Z2-7]+=*$/.test(secret), 'the secret key shows as text');
    const authenticator = new TotpClock(secret);
    await bob.screenshot({ path: join(shots, 'security.png'), fullPage: true });
    await bob.getByLabel('Code').fill(await authenticator.code());
    await bob.getByRole('button', { name: 'Turn on' }).click();
    await bob.getByText('Two-step verification is on').waitFor();
    check(await bob.getByRole('button', { name: 'Turn off' }).isVisible(), 'MFA is on, "Turn off" offered');
    await bob.getByRole('button', { name: 'Sign out' }).click();
    await heading(bob, 'You are signed out');
    await bob.getByRole('button', { name: 'Sign in again' }).click();
    await heading(bob, 'Sign in');
    await signIn(bob, bobNewEmail, PASSWORD, authenticator);

    // An ended session: a global sign-out elsewhere (Alice's second tab), then a call here.
    const aliceElsewhere = await newPage();
    await aliceElsewhere.goto(state.appUrl ?? '');
    await heading(aliceElsewhere, 'Sign in');
    await signIn(aliceElsewhere, aliceEmail, PASSWORD);
    await aliceElsewhere.getByRole('button', { name: 'Sign out' }).click();
    await heading(aliceElsewhere, 'You are signed out');
    await alice.getByRole('link', { name: 'Inbox' }).click();
    await heading(alice, 'You are signed out');

    // A recent sign-in: Bob's sign-in grows older than RecentSignInMinutes, then turning MFA off asks again.
    if (!values['skip-recent']) {
      const minutes = Number(state.functions.DisableMfaFunction?.RECENT_SIGN_IN_MINUTES ?? 5);
      console.log(`..  waiting ${minutes} min for the sign-in to be old (RecentSignInMinutes)`);
      await new Promise((done) => setTimeout(done, minutes * 60_000 + 5_000));
      await bob.getByRole('link', { name: 'Security' }).click();
      await heading(bob, 'Security');
      await bob.getByRole('button', { name: 'Turn off' }).click();
      const dialog = bob.getByRole('dialog', { name: "Confirm it's you" });
      await dialog.waitFor();
      await bob.screenshot({ path: join(shots, 'confirm-its-you.png') });
      await dialog.getByLabel('Password').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
      await dialog.getByLabel('Code').fill(await authenticator.code());
      await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
      await bob.getByText('Two-step verification is off').waitFor();
      check(
        await bob.getByRole('button', { name: 'Set up two-step verification' }).isVisible(),
        'after the dialog, MFA is off (action retried)',
      );
    }

    // Change password: every session ends; sign in with the new one.
    await bob.getByRole('link', { name: 'Security' }).click();
    await heading(bob, 'Security');
    await bob.getByLabel('Current password').fill(PASSWORD);
    await bob.getByLabel('New password').fill(NEW_PASSWORD);
    await bob.getByRole('button', { name: 'Change password' }).click();
    await heading(bob, 'You are signed out');
    await bob.getByRole('button', { name: 'Sign in again' }).click();
    await signIn(bob, bobNewEmail, NEW_PASSWORD, values['skip-recent'] ? authenticator : undefined);

    // A reload signs out: the tokens were in memory only.
    await bob.reload();
    await heading(bob, 'Sign in');
    check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Messages in the browser app (app/UI.md) between two users, each in their own browser context.
import { heading } from '../../scripts/lib/app-browser.js';
import { browserStack } from './browser-stack.js';

const { flow } = browserStack();

flow('one user sends, the other reads it (unread, then read), marks it unread and deletes it', async ({ signedIn }) => {
  const alice = await signedIn('alice');
  const bob = await signedIn('bob');

  await alice.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New message' }).click();
  await heading(alice.page, 'New message');
  await alice.page.getByLabel('To').fill(bob.email);
  await alice.page.getByLabel('Subject').fill('Lunch on Friday?');
  await alice.page.getByLabel('Message').fill('Shall we try the new place at noon?');
  await alice.page.getByRole('button', { name: 'Send' }).click();
  await heading(alice.page, 'Sent');
  await expect(alice.page.getByRole('status').textContent()).resolves.toContain('Message sent');
  await expect(alice.page.getByRole('list').getByRole('link').allTextContents()).resolves.toEqual([
    expect.stringMatching(new RegExp(`Lunch on Friday\\?.*${bob.email}`)),
  ]);

  const inbox = bob.page.getByRole('list').getByRole('link');
  await bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await heading(bob.page, 'Inbox');
  await expect(inbox.count()).resolves.toBe(1);
  await expect(inbox.first().textContent()).resolves.toContain('Unread');
  await inbox.first().click();
  await heading(bob.page, 'Message');
  await expect(bob.page.getByText('Shall we try the new place at noon?').isVisible()).resolves.toBe(true);
  await expect(bob.page.getByText(alice.email).first().isVisible()).resolves.toBe(true);

  // Reading marked it read.
  await bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await heading(bob.page, 'Inbox');
  await expect(inbox.first().textContent()).resolves.not.toContain('Unread');

  await inbox.first().click();
  await heading(bob.page, 'Message');
  await bob.page.getByRole('button', { name: 'Mark as unread' }).click();
  await heading(bob.page, 'Inbox');
  await expect(bob.page.getByRole('status').textContent()).resolves.toContain('Marked as unread');
  await expect(inbox.first().textContent()).resolves.toContain('Unread');

  await inbox.first().click();
  await heading(bob.page, 'Message');
  await bob.page.getByRole('button', { name: 'Delete' }).click();
  await heading(bob.page, 'Inbox');
  await expect(bob.page.getByRole('status').textContent()).resolves.toContain('Message deleted');
  await expect(bob.page.getByText('No messages').isVisible()).resolves.toBe(true);
});

flow('pages the inbox ten messages at a time with "Older" and "Newer"', async ({ signedIn, stack }) => {
  const alice = await signedIn('alice');
  const bob = await signedIn('bob');
  // The sending screens have their own flow: these 12 go through the API.
  for (let n = 1; n <= 12; n++) {
    const sent = await stack.call('POST', '/messages', {
      token: alice.token,
      body: { to: bob.email, subject: `Note ${n}`, body: `Number ${n}` },
    });
    expect(sent.status).toBe(201);
  }
  const subjects = async () =>
    (await bob.page.getByRole('list').getByRole('link').allTextContents()).map((text) => text.match(/Note \d+/)?.[0]);
  const older = bob.page.getByRole('button', { name: 'Older' });
  const newer = bob.page.getByRole('button', { name: 'Newer' });

  await bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await heading(bob.page, 'Inbox');
  await expect(subjects()).resolves.toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((n) => `Note ${n}`));
  await expect(newer.isDisabled()).resolves.toBe(true);
  await older.click();
  await heading(bob.page, 'Inbox');
  await expect(subjects()).resolves.toEqual(['Note 2', 'Note 1']);
  await expect(older.isDisabled()).resolves.toBe(true);
  await newer.click();
  await heading(bob.page, 'Inbox');
  await expect(subjects()).resolves.toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((n) => `Note ${n}`));
  await expect(newer.isDisabled()).resolves.toBe(true);
});

flow('sending again after a lost answer sends the message once (the draft keeps its Idempotency-Key)', async ({ signedIn, stack }) => {
  const alice = await signedIn('alice');
  const bob = await signedIn('bob');
  // The first send reaches the API and is stored, but its answer never reaches the page: a dropped connection.
  let lost = false;
  await alice.page.route('**/messages', async (route) => {
    if (route.request().method() !== 'POST' || lost) return route.continue();
    lost = true;
    await route.fetch();
    await route.abort('connectionreset');
  });

  await alice.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New message' }).click();
  await heading(alice.page, 'New message');
  await alice.page.getByLabel('To').fill(bob.email);
  await alice.page.getByLabel('Subject').fill('Only once');
  await alice.page.getByLabel('Message').fill('Sent twice, stored once.');
  await alice.page.getByRole('button', { name: 'Send' }).click();
  await expect(alice.page.getByRole('alert').textContent()).resolves.toContain('could not be reached');
  await alice.page.getByRole('button', { name: 'Send' }).click();
  await heading(alice.page, 'Sent');

  const inbox = await stack.call('GET', '/messages', { token: bob.token });
  expect((inbox.body?.items as Array<{ subject: string }>).map((message) => message.subject)).toEqual(['Only once']);
});

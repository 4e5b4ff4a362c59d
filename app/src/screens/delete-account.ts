// "Delete account" on "Security": what deletion erases (docs/erasure.md), a confirmation, DELETE /me with a recent
// sign-in, then "Your account is deleted".
import type { App } from '../app.js';
import { confirmAction } from '../confirm-action.js';
import { button, h } from '../dom.js';
import { showSignIn } from './sign-in.js';

const ERASED =
  'Deleting your account erases your profile (email and name), your password and sign-in settings, every message in ' +
  'your inbox and your copies of the messages you sent, and ends all your sessions. Messages you sent to other people ' +
  'stay in their inboxes. This cannot be undone.';

export function deleteAccountSection(app: App): HTMLElement {
  const notices = h('div', { class: 'notices' });
  const actions = h('p', {});
  actions.append(
    button('Delete my account', async () => {
      const confirmed = await confirmAction({ title: 'Delete your account?', text: ERASED, confirm: 'Delete' });
      if (!confirmed) return;
      // withSession: a RecentSignInRequired opens "Confirm it's you" and deletes once more with the new session.
      await app.withSession(
        async (session) => {
          await session.deleteAccount();
          showAccountDeleted(app);
        },
        { form: actions, notices },
      );
    }),
  );
  return h(
    'section',
    { 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, 'Delete account'),
    h('p', {}, ERASED),
    notices,
    actions,
  );
}

/** Shown once the API has answered 204: the client has ended the session, and the erasure finishes without the app. */
function showAccountDeleted(app: App): void {
  app.render({
    title: 'Your account is deleted',
    content: [
      h('p', {}, 'Your messages, profile and sessions are erased. Messages you sent to other people stay in their inboxes.'),
      h(
        'p',
        {},
        button('Sign in', () => showSignIn(app)),
      ),
    ],
  });
}

// "Passkeys": the account's passkeys (the authenticator's name and when it was added), adding one made by this
// device, and removing one. Adding and removing need a recent sign-in: the "Confirm it's you" dialog.
import type { Passkey, Session } from '@authapi/client';
import { addPasskey } from '@authapi/client/webauthn';
import type { App } from '../app.js';
import { button, h } from '../dom.js';
import { formatDate } from '../format.js';
import { go } from '../routes.js';

const nameOf = (passkey: Passkey) => passkey.name ?? 'Unnamed passkey';

export async function showPasskeys(app: App, session: Session, options: { status?: string | undefined } = {}): Promise<void> {
  const passkeys = await session.listPasskeys();
  app.profile ??= await session.me();
  const notices = h('div', { class: 'notices' });

  const items = passkeys.map((passkey) => {
    const added = formatDate(passkey.createdAt);
    const remove = button(
      'Remove',
      () =>
        app.withSession(
          async (current) => {
            await current.deletePasskey(passkey.id);
            go(app, 'passkeys', `Passkey removed: ${nameOf(passkey)}`);
          },
          { notices },
        ),
      // The name and date tell the buttons apart for a screen reader ("Remove", "Remove"... would not).
      { 'aria-label': `Remove ${nameOf(passkey)}, added ${added}` },
    );
    return h(
      'li',
      {},
      h('span', { class: 'passkey-name' }, nameOf(passkey)),
      ' ',
      h('time', { datetime: passkey.createdAt }, `Added ${added}`),
      ' ',
      remove,
    );
  });
  const add = button('Add a passkey', () =>
    app.withSession(
      async (current) => {
        const passkey = await addPasskey(current);
        go(app, 'passkeys', `Passkey added: ${nameOf(passkey)}`);
      },
      { notices },
    ),
  );

  app.render({
    title: 'Passkeys',
    route: 'passkeys',
    status: options.status,
    content: [
      h('p', {}, "A passkey signs you in with this device's screen lock or a security key, without a password."),
      ...(app.profile.mfa.enabled
        ? [
            h(
              'p',
              {},
              'Two-step verification is on: you can sign in with a passkey, or with your password and your authenticator ' +
                "app's code. Emailed sign-in codes do not work for this account.",
            ),
          ]
        : []),
      notices,
      items.length > 0 ? h('ul', { class: 'passkeys' }, ...items) : h('p', {}, 'No passkeys yet.'),
      h('p', {}, add),
    ],
  });
}

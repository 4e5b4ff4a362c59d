// "Profile": the name and the email. A new email gets a code; the profile keeps the old address until it is verified.
import type { Session } from '@authapi/client';
import type { App } from '../app.js';
import { field, form, h, notify } from '../dom.js';

export async function showProfile(app: App, session: Session, options: { status?: string | undefined } = {}): Promise<void> {
  const profile = await session.me();
  app.profile = profile;
  const verifyArea = h('div');

  const verify: HTMLFormElement = form(
    [field('Code', { name: 'code', code: true, hint: 'The 6-digit code we emailed to the new address.' })],
    'Verify email',
    (values) =>
      app.withSession(
        async (current) => {
          app.profile = await current.verifyEmail(values.code ?? '');
          await showProfile(app, current, { status: `Your email is now ${app.profile.email}.` });
        },
        { form: verify },
      ),
  );

  const edit: HTMLFormElement = form(
    [
      field('Name', { name: 'name', autocomplete: 'name', value: profile.name ?? '', required: false }),
      field('Email', { name: 'email', type: 'email', autocomplete: 'email', value: profile.email }),
    ],
    'Save',
    (values) =>
      app.withSession(
        async (current) => {
          const name = values.name?.trim() ?? '';
          const email = values.email?.trim() ?? '';
          const changes = {
            ...(name !== '' && name !== (profile.name ?? '') ? { name } : {}),
            ...(email !== '' && email.toLowerCase() !== profile.email.toLowerCase() ? { email } : {}),
          };
          if (changes.name === undefined && changes.email === undefined) {
            notify(app.notices, 'status', 'Nothing to save.');
            return;
          }
          app.profile = await current.updateMe(changes);
          if (changes.email === undefined) {
            notify(app.notices, 'status', 'Saved.');
            return;
          }
          notify(app.notices, 'status', `We emailed a code to ${email}. Enter it below to finish the change.`);
          verifyArea.replaceChildren(h('h2', {}, 'Verify your new email'), verify);
          verify.querySelector('input')?.focus();
        },
        { form: edit },
      ),
  );

  app.render({
    title: 'Profile',
    route: 'profile',
    status: options.status,
    content: [
      h('p', {}, 'Email: ', h('strong', {}, profile.email), profile.emailVerified ? ' (verified)' : ' (not verified)'),
      edit,
      verifyArea,
    ],
  });
}

// "Confirm it's you": the dialog a 401 RecentSignInRequired opens. The user signs in again (password, then a code if
// MFA is on) or with a passkey; the new session replaces the old one and the caller retries its action once.
import type { PendingChallenge, Session } from '@authapi/client';
import { signInWithPasskey } from '@authapi/client/webauthn';
import type { App } from './app.js';
import { problemText } from './app.js';
import { button, field, form, h, notify } from './dom.js';

export function confirmItsYou(app: App, reason: string): Promise<Session | undefined> {
  const email = app.profile?.email;
  if (!email) return Promise.resolve(undefined);
  const notices = h('div', { class: 'notices' });
  const body = h('div');
  // A modal <dialog>: the page behind it is inert, Escape cancels, and focus returns to where it was on close.
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-reason' },
    h('h2', { id: 'confirm-title' }, "Confirm it's you"),
    h('p', { id: 'confirm-reason' }, reason),
    h('p', {}, `Signed in as ${email}.`),
    notices,
    body,
  );
  document.body.append(dialog);

  return new Promise((resolve) => {
    let result: Session | undefined;
    const finish = (session: Session | undefined) => {
      result = session;
      dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    const cancel = button('Cancel', () => finish(undefined));

    /** Runs one step; a problem's detail shows in the dialog, which stays open for another try. */
    const step = async (formElement: HTMLFormElement, action: () => Promise<void>) => {
      for (const element of formElement.querySelectorAll('button')) element.disabled = true;
      notices.replaceChildren();
      try {
        await action();
      } catch (error) {
        notify(notices, 'alert', problemText(error));
      } finally {
        for (const element of formElement.querySelectorAll('button')) element.disabled = false;
      }
    };

    const askCode = (challenge: PendingChallenge) => {
      const codeForm: HTMLFormElement = form(
        [field('Code', { name: 'code', code: true, hint: 'The 6-digit code your authenticator app shows.' })],
        'Confirm',
        (values) =>
          step(codeForm, async () => {
            if (challenge.name !== 'SOFTWARE_TOKEN_MFA')
              throw new Error(`This sign-in asks for ${challenge.name}, which this dialog cannot answer.`);
            const answered = await app.client.answerChallenge(challenge, { code: values.code ?? '' });
            if (answered.session) await done(answered.session);
            else throw new Error(`This sign-in asks for ${answered.challenge.name}, which this dialog cannot answer.`);
          }),
      );
      codeForm.querySelector('button[type="submit"]')?.after(cancel);
      body.replaceChildren(codeForm);
      codeForm.querySelector('input')?.focus();
    };

    const done = async (session: Session) => {
      await app.signedIn(session);
      finish(session);
    };

    const passwordForm: HTMLFormElement = form(
      [field('Password', { name: 'password', type: 'password', autocomplete: 'current-password' })],
      'Confirm',
      (values) =>
        step(passwordForm, async () => {
          const result = await app.client.signIn({ email, password: values.password ?? '' });
          if (result.session) await done(result.session);
          else askCode(result.challenge);
        }),
    );
    passwordForm.querySelector('button[type="submit"]')?.after(cancel);
    // Accounts without a password (passwordless sign-up) confirm with a passkey.
    const withPasskey = button('Confirm with a passkey', () =>
      step(passwordForm, async () => {
        const result = await signInWithPasskey(app.client, email);
        if (result.session) await done(result.session);
        else throw new Error(`This sign-in asks for ${result.challenge.name}, which this dialog cannot answer.`);
      }),
    );
    passwordForm.append(h('p', {}, withPasskey));
    body.replaceChildren(passwordForm);
    dialog.showModal();
    passwordForm.querySelector('input')?.focus();
  });
}

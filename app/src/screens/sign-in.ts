// "Sign in", and where a sign-in goes next: a challenge's screen, or the inbox.
import { ApiProblemError, type SignInResult } from '@authapi/client';
import { answerWithPasskey, signInWithPasskey } from '@authapi/client/webauthn';
import type { App } from '../app.js';
import { button, field, form, h } from '../dom.js';
import { go } from '../routes.js';
import { showConfirmSignUp } from './confirm-sign-up.js';
import { showEmailCode } from './email-code.js';
import { showNewPassword } from './new-password.js';
import { showSignUp } from './sign-up.js';
import { showTwoStep } from './two-step.js';

export function showSignIn(app: App, options: { email?: string; status?: string } = {}): void {
  const signIn: HTMLFormElement = form(
    [
      field('Email', { name: 'email', type: 'email', autocomplete: 'username', value: options.email }),
      field('Password', { name: 'password', type: 'password', autocomplete: 'current-password' }),
    ],
    'Sign in',
    (values) =>
      app.run(
        async () => {
          const email = values.email ?? '';
          try {
            await continueSignIn(app, await app.client.signIn({ email, password: values.password ?? '' }));
          } catch (error) {
            if (!(error instanceof ApiProblemError && error.code === 'UserNotConfirmed')) throw error;
            showConfirmSignUp(app, email, `${error.detail} Enter the code we emailed you, or ask for a new one.`);
          }
        },
        { form: signIn, alsoDisable: otherWays },
      ),
  );
  // The passwordless ways in use the Email field only (docs/passwordless.md). Any of the three sign-in buttons disables
  // them all, and "Create an account", while it runs: a second click would start a second sign-in (and email a second
  // code), and leaving for "Create an account" would be overtaken by the sign-in's answer.
  const emailOf = () => {
    const input = signIn.querySelector<HTMLInputElement>('input[name="email"]');
    if (input?.reportValidity() === false) throw new Error('Enter your email first.');
    return input?.value ?? '';
  };
  const passwordless: HTMLParagraphElement = h(
    'p',
    {},
    button('Email me a code', () =>
      app.run(async () => continueSignIn(app, await app.client.signIn({ email: emailOf(), preferred: 'EMAIL_OTP' })), {
        form: signIn,
        alsoDisable: otherWays,
      }),
    ),
    ' ',
    button('Sign in with a passkey', () =>
      app.run(async () => continueSignIn(app, await signInWithPasskey(app.client, emailOf())), {
        form: signIn,
        alsoDisable: otherWays,
      }),
    ),
  );
  const otherWays: HTMLDivElement = h(
    'div',
    {},
    h('p', {}, 'No password? Sign in with a code we email you, or with a passkey of this device.'),
    passwordless,
    h(
      'p',
      {},
      'New here? ',
      button('Create an account', () => showSignUp(app)),
    ),
  );
  app.render({ title: 'Sign in', status: options.status, content: [signIn, otherWays] });
}

/** A session goes to the inbox; a challenge to the screen that answers it. */
export async function continueSignIn(app: App, result: SignInResult): Promise<void> {
  if (result.session) {
    await app.signedIn(result.session);
    go(app, 'inbox');
    return;
  }
  const challenge = result.challenge;
  switch (challenge.name) {
    case 'NEW_PASSWORD_REQUIRED':
      return showNewPassword(app, challenge);
    case 'SOFTWARE_TOKEN_MFA':
      return showTwoStep(app, challenge);
    case 'EMAIL_OTP':
      return showEmailCode(app, challenge);
    case 'WEB_AUTHN':
      return continueSignIn(app, await answerWithPasskey(app.client, challenge));
    default:
      throw new Error(`This account must first answer ${challenge.name}, which this app does not do yet.`);
  }
}

// "Enter the code we emailed": the EMAIL_OTP challenge of a passwordless sign-in, answered with the emailed code.
import type { PendingChallenge } from '@authapi/client';
import type { App } from '../app.js';
import { field, form, h } from '../dom.js';
import { continueSignIn } from './sign-in.js';

export function showEmailCode(app: App, challenge: Extract<PendingChallenge, { name: 'EMAIL_OTP' }>): void {
  const signIn: HTMLFormElement = form(
    [field('Code', { name: 'code', code: 8, hint: `The code we sent to ${challenge.parameters.codeDelivery.destination}.` })],
    'Sign in',
    (values) =>
      app.run(async () => continueSignIn(app, await app.client.answerChallenge(challenge, { code: values.code?.trim() ?? '' })), {
        form: signIn,
      }),
  );
  app.render({
    title: 'Enter the code we emailed',
    content: [
      signIn,
      // Cognito sends no sign-in code to accounts with an authenticator app (docs/passwordless.md).
      h(
        'p',
        {},
        'No code? Accounts with two-step verification (an authenticator app) cannot sign in with an emailed code: ' +
          "sign in with your password and the app's code, or with a passkey.",
      ),
    ],
  });
}

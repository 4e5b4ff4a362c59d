// "Choose a new password": the NEW_PASSWORD_REQUIRED challenge of an account an administrator created.
import type { PendingChallenge } from '@authapi/client';
import type { App } from '../app.js';
import { field, form } from '../dom.js';
import { continueSignIn } from './sign-in.js';

export function showNewPassword(app: App, challenge: Extract<PendingChallenge, { name: 'NEW_PASSWORD_REQUIRED' }>): void {
  const choose: HTMLFormElement = form(
    [field('New password', { name: 'newPassword', type: 'password', autocomplete: 'new-password' })],
    'Set password',
    (values) =>
      app.run(async () => continueSignIn(app, await app.client.answerChallenge(challenge, { newPassword: values.newPassword ?? '' })), {
        form: choose,
      }),
  );
  app.render({
    title: 'Choose a new password',
    status: `${challenge.email} must choose a password of their own to finish signing in.`,
    content: [choose],
  });
}

// "Two-step verification": the SOFTWARE_TOKEN_MFA challenge, answered with the authenticator app's code.
import type { PendingChallenge } from '@authapi/client';
import type { App } from '../app.js';
import { field, form } from '../dom.js';
import { continueSignIn } from './sign-in.js';

export function showTwoStep(app: App, challenge: Extract<PendingChallenge, { name: 'SOFTWARE_TOKEN_MFA' }>): void {
  const verify: HTMLFormElement = form(
    [field('Code', { name: 'code', code: true, hint: 'The 6-digit code your authenticator app shows now.' })],
    'Verify',
    (values) =>
      app.run(async () => continueSignIn(app, await app.client.answerChallenge(challenge, { code: values.code ?? '' })), { form: verify }),
  );
  app.render({ title: 'Two-step verification', content: [verify] });
}

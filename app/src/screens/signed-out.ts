// "You are signed out": after "Sign out", a password change, or an API answer that the session has ended.
import type { App } from '../app.js';
import { button, h } from '../dom.js';
import { showSignIn } from './sign-in.js';

export function showSignedOut(app: App, detail: string): void {
  app.render({
    title: 'You are signed out',
    status: detail,
    content: [
      h(
        'p',
        {},
        button('Sign in again', () => showSignIn(app)),
      ),
    ],
  });
}

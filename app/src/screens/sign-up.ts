// "Create an account": email, password and an optional name; the email then gets a code.
import type { App } from '../app.js';
import { button, field, form, h } from '../dom.js';
import { showConfirmSignUp } from './confirm-sign-up.js';
import { showSignIn } from './sign-in.js';

export function showSignUp(app: App): void {
  const signUp: HTMLFormElement = form(
    [
      field('Email', { name: 'email', type: 'email', autocomplete: 'email' }),
      field('Password', {
        name: 'password',
        type: 'password',
        autocomplete: 'new-password',
        hint: 'At least 8 characters, with upper and lower case letters, a digit and a symbol.',
      }),
      field('Name (optional)', { name: 'name', autocomplete: 'name', required: false }),
    ],
    'Create account',
    (values) =>
      app.run(
        async () => {
          const email = values.email ?? '';
          const name = values.name?.trim();
          const result = await app.client.signUp({ email, password: values.password ?? '', ...(name ? { name } : {}) });
          const sentTo = result.codeDelivery.destination;
          showConfirmSignUp(app, email, `We emailed a code to ${sentTo}.`);
        },
        { form: signUp },
      ),
  );
  app.render({
    title: 'Create an account',
    content: [
      signUp,
      h(
        'p',
        {},
        'Have an account? ',
        button('Back to sign in', () => showSignIn(app)),
      ),
    ],
  });
}

// "Confirm your email": the code the sign-up emailed, or a new one.
import type { App } from '../app.js';
import { button, field, form, h, notify } from '../dom.js';
import { showSignIn } from './sign-in.js';

export function showConfirmSignUp(app: App, email: string, status: string): void {
  const confirm: HTMLFormElement = form(
    [field('Code', { name: 'code', code: true, hint: `The 6-digit code we emailed to ${email}.` })],
    'Confirm',
    (values) =>
      app.run(
        async () => {
          await app.client.confirmSignUp({ email, code: values.code ?? '' });
          showSignIn(app, { email, status: 'Your email is confirmed. Sign in to go on.' });
        },
        { form: confirm },
      ),
  );
  const resend = button('Send a new code', () =>
    app.run(
      async () => {
        const result = await app.client.resendCode(email);
        notify(app.notices, 'status', `We emailed a new code to ${result.codeDelivery?.destination ?? email}.`);
      },
      { form: confirm },
    ),
  );
  confirm.append(h('p', {}, resend));
  app.render({ title: 'Confirm your email', status, content: [h('p', {}, `Email: ${email}`), confirm] });
}

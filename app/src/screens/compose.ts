// "New message": to, subject and text; sent with an Idempotency-Key by the client, so a retry never sends twice.
import type { App } from '../app.js';
import { field, form } from '../dom.js';
import { go } from '../routes.js';

export function showCompose(app: App, options: { status?: string | undefined } = {}): void {
  const compose: HTMLFormElement = form(
    [
      field('To', { name: 'to', type: 'email', autocomplete: 'email' }),
      field('Subject', { name: 'subject' }),
      field('Message', { name: 'body', type: 'textarea' }),
    ],
    'Send',
    (values) =>
      app.withSession(
        async (session) => {
          await session.sendMessage({ to: values.to ?? '', subject: values.subject ?? '', body: values.body ?? '' });
          go(app, 'sent', 'Message sent');
        },
        { form: compose },
      ),
  );
  app.render({ title: 'New message', route: 'compose', status: options.status, content: [compose] });
}

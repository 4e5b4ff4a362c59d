// "New message": to, subject and text. Pressing Send again after a failure resends the same draft with the
// same Idempotency-Key, so a send whose answer was lost is not sent twice (docs/messages.md).
import type { App } from '../app.js';
import { field, form } from '../dom.js';
import { go } from '../routes.js';

export function showCompose(app: App, options: { status?: string | undefined } = {}): void {
  // The key follows the draft: an edited draft is a new message, and a reused key would answer 409.
  let attempt: { draft: string; key: string } | undefined;
  const keyFor = (draft: string) => {
    if (attempt?.draft !== draft) attempt = { draft, key: crypto.randomUUID() };
    return attempt.key;
  };
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
          const message = { to: values.to ?? '', subject: values.subject ?? '', body: values.body ?? '' };
          await session.sendMessage(message, { idempotencyKey: keyFor(JSON.stringify(message)) });
          go(app, 'sent', 'Message sent');
        },
        { form: compose },
      ),
  );
  app.render({ title: 'New message', route: 'compose', status: options.status, content: [compose] });
}

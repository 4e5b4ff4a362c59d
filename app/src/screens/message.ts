// "Message": one message; opening a received message marks it read.
import type { Message, Session } from '@authapi/client';
import type { App } from '../app.js';
import { button, h } from '../dom.js';
import { formatDate } from '../format.js';
import { go } from '../routes.js';

export async function showMessage(app: App, session: Session, id: string): Promise<void> {
  let message: Message = await session.getMessage(id);
  const received = message.to.sub === app.profile?.sub;
  if (received && message.readAt === undefined) message = await session.markRead(id);
  const box = received ? 'inbox' : 'sent';

  const remove = button('Delete', () =>
    app.withSession(async (current) => {
      await current.deleteMessage(id);
      go(app, box, 'Message deleted');
    }),
  );
  // Only the recipient has a read state (the API answers 403 NotRecipient to the sender).
  const unread = received
    ? button('Mark as unread', () =>
        app.withSession(async (current) => {
          await current.markRead(id, false);
          go(app, 'inbox', 'Marked as unread');
        }),
      )
    : null;
  const row = (term: string, value: Node | string) => [h('dt', {}, term), h('dd', {}, value)];
  app.render({
    title: 'Message',
    route: box,
    content: [
      h(
        'dl',
        { class: 'headers' },
        ...row('From', message.from.email ?? 'The system'),
        ...row('To', message.to.email),
        ...row('Subject', message.subject),
        ...row('Date', h('time', { datetime: message.createdAt }, formatDate(message.createdAt))),
      ),
      h('div', { class: 'body' }, message.body),
      h('p', { class: 'actions' }, remove, unread),
    ],
  });
}

// "Inbox" and "Sent": a page of messages, newest first, and "Newer"/"Older" along the API's cursors.
import type { Message, Session } from '@authapi/client';
import type { App } from '../app.js';
import { button, h } from '../dom.js';
import { formatDate } from '../format.js';

/** Messages per page (docs/browser-app.md). */
export const PAGE_SIZE = 10;

type Box = 'inbox' | 'sent';

/** `cursors[i]` is the cursor of page i (undefined for the first); the last is the page shown. */
interface Paging {
  status?: string | undefined;
  cursors?: Array<string | undefined>;
}

function item(box: Box, message: Message): HTMLElement {
  const unread = box === 'inbox' && message.readAt === undefined;
  const party = box === 'inbox' ? `From ${message.from.email ?? 'the system'}` : `To ${message.to.email}`;
  const link = h(
    'a',
    { href: `#message/${encodeURIComponent(message.id)}`, class: unread ? 'unread' : undefined },
    unread ? h('span', { class: 'badge' }, 'Unread') : null,
    h('span', { class: 'subject' }, message.subject),
    h('span', { class: 'party' }, party),
    h('time', { datetime: message.createdAt }, formatDate(message.createdAt)),
  );
  return h('li', {}, link);
}

export async function showMailbox(app: App, session: Session, box: Box, paging: Paging = {}): Promise<void> {
  const cursors = paging.cursors ?? [undefined];
  const cursor = cursors[cursors.length - 1];
  const page = await session.listMessages({ box, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
  const title = box === 'inbox' ? 'Inbox' : 'Sent';
  const turn = (next: Array<string | undefined>) => () => app.withSession((current) => showMailbox(app, current, box, { cursors: next }));
  const newer = button('Newer', turn(cursors.slice(0, -1)), { disabled: cursors.length < 2 });
  const older = button('Older', turn([...cursors, page.nextCursor]), { disabled: page.nextCursor === undefined });
  const list =
    page.items.length > 0
      ? h('ul', { class: 'messages', role: 'list' }, ...page.items.map((message) => item(box, message)))
      : h('p', {}, 'No messages');
  app.render({
    title,
    route: box,
    status: paging.status,
    content: [list, h('nav', { 'aria-label': 'Pages', class: 'paging' }, newer, older)],
  });
}

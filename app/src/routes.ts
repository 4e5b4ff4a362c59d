// The signed-in screens' addresses: #inbox, #sent, #compose, #profile, #security, #passkeys and #message/<id>. Links and the
// browser's back and forward buttons move between them; signed out, every address shows "Sign in".
import type { App } from './app.js';
import { button, h } from './dom.js';
import { showCompose } from './screens/compose.js';
import { showMailbox } from './screens/mailbox.js';
import { showMessage } from './screens/message.js';
import { showPasskeys } from './screens/passkeys.js';
import { showProfile } from './screens/profile.js';
import { showSecurity } from './screens/security.js';
import { showSignIn } from './screens/sign-in.js';

const LINKS: Array<[route: string, text: string]> = [
  ['inbox', 'Inbox'],
  ['sent', 'Sent'],
  ['compose', 'New message'],
  ['profile', 'Profile'],
  ['security', 'Security'],
  ['passkeys', 'Passkeys'],
];

/** A notice for the next screen shown (e.g. "Message sent" on the sent box). */
let nextStatus: string | undefined;

/** Goes to a route; the same route again is shown again (a link to the current page fires no hashchange). */
export function go(app: App, route: string, status?: string): void {
  nextStatus = status;
  if (location.hash === `#${route}`) void show(app);
  else location.hash = route;
}

/** Shows the screen of the current address. */
export async function show(app: App): Promise<void> {
  const status = nextStatus;
  nextStatus = undefined;
  if (!app.session?.active) return showSignIn(app);
  const [route = 'inbox', id = ''] = location.hash.slice(1).split('/');
  await app.withSession(async (session) => {
    switch (route) {
      case 'sent':
        return showMailbox(app, session, 'sent', { status });
      case 'compose':
        return showCompose(app, { status });
      case 'profile':
        return showProfile(app, session, { status });
      case 'security':
        return showSecurity(app, session, { status });
      case 'passkeys':
        return showPasskeys(app, session, { status });
      case 'message':
        return showMessage(app, session, decodeURIComponent(id));
      default:
        return showMailbox(app, session, 'inbox', { status });
    }
  });
}

/** The signed-in navigation landmark; the current page's link says so (aria-current). */
export function navigation(app: App, current: string): HTMLElement {
  const links = LINKS.map(([route, text]) => {
    const link = h('a', { href: `#${route}`, 'aria-current': route === current ? 'page' : undefined }, text);
    // Activating the current page's link shows it afresh (the address does not change, so no hashchange).
    link.addEventListener('click', (event) => {
      if (location.hash !== `#${route}`) return;
      event.preventDefault();
      go(app, route);
    });
    return link;
  });
  const signOut = button('Sign out', () => app.signOut());
  // Links side by side, not a list: the messages are the screen's one list.
  return h('header', {}, h('nav', { 'aria-label': 'Main' }, ...links, signOut));
}

// The app's start: the API's URL from /config.json (one build serves any port), then "Sign in".
import { App } from './app.js';
import { h } from './dom.js';
import { navigation, show } from './routes.js';
import { showSignedOut } from './screens/signed-out.js';

async function apiUrl(): Promise<string> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as { apiUrl?: unknown };
  if (typeof config.apiUrl !== 'string') throw new Error('/config.json has no apiUrl');
  return config.apiUrl;
}

async function start(root: HTMLElement): Promise<void> {
  const app = new App({ root, apiUrl: await apiUrl(), signedOut: showSignedOut, navigation });
  window.addEventListener('hashchange', () => void show(app));
  // Nobody is signed in after a load (tokens are in memory only): the address of a signed-in screen means nothing.
  history.replaceState(null, '', location.pathname);
  await show(app);
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    root.replaceChildren(
      h(
        'main',
        {},
        h('h1', {}, 'The app could not start'),
        h('p', { role: 'alert' }, error instanceof Error ? error.message : String(error)),
      ),
    );
  });
}

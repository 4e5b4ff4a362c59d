// The app's state (the client, the signed-in session and profile) and what every screen does: show itself under
// one <h1> that takes the focus, and run actions with the API's problems shown to the user.
import { ApiProblemError, AuthApiClient, type Profile, type Session } from '@authapi/client';
import { h, notify } from './dom.js';
import { confirmItsYou } from './recent-sign-in.js';

export interface ScreenContent {
  title: string;
  /** Signed-in screens carry the navigation; `route` is the one that shows as the current page. */
  route?: string;
  content: Node[];
  /** A notice shown under the heading (role status). */
  status?: string;
}

/** The API's problem `detail`, or what went wrong when the API could not be reached. */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblemError) return error.detail;
  if (error instanceof TypeError) return 'The API could not be reached. Check that the local stack is running, then try again.';
  return error instanceof Error ? error.message : String(error);
}

export class App {
  readonly client: AuthApiClient;
  session: Session | undefined;
  profile: Profile | undefined;
  /** Where the current screen shows its errors and notices. */
  notices: HTMLElement = h('div');
  private readonly root: HTMLElement;
  private readonly onSignedOut: (app: App, detail: string) => void;
  private readonly navigation: (app: App, route: string) => HTMLElement;

  constructor(options: {
    root: HTMLElement;
    apiUrl: string;
    signedOut: (app: App, detail: string) => void;
    navigation: (app: App, route: string) => HTMLElement;
  }) {
    this.root = options.root;
    this.onSignedOut = options.signedOut;
    this.navigation = options.navigation;
    // Tokens live in this client's MemoryTokenStore only: a reload signs out (docs/browser-app.md says why).
    this.client = new AuthApiClient({ baseUrl: options.apiUrl, onSessionEnded: (reason) => this.ended(reason) });
  }

  /** Replaces the screen; the new <h1> takes the focus, so a screen reader announces where the user now is. */
  render(screen: ScreenContent): void {
    const heading = h('h1', { tabindex: '-1' }, screen.title);
    this.notices = h('div', { class: 'notices' });
    if (screen.status) notify(this.notices, 'status', screen.status);
    const main = h('main', { id: 'main' }, heading, this.notices, ...screen.content);
    const header = screen.route !== undefined && this.session ? this.navigation(this, screen.route) : null;
    this.root.replaceChildren(...(header ? [header] : []), main);
    document.title = `${screen.title} · Messages`;
    heading.focus();
  }

  /** Starts a session: its profile first (the email that a recent sign-in asks again for, the MFA state). */
  async signedIn(session: Session): Promise<void> {
    this.session = session;
    this.profile = await session.me();
  }

  /**
   * Runs an action of a signed-out screen: a problem's `detail` shows in an alert, and the buttons of `form` and of
   * `alsoDisable` (the screen's other ways to start the same thing) stay disabled while it runs (no double sign-up).
   */
  async run(
    action: () => Promise<void>,
    options: { form?: HTMLElement; alsoDisable?: HTMLElement; notices?: HTMLElement } = {},
  ): Promise<void> {
    const notices = options.notices ?? this.notices;
    const buttons = [options.form, options.alsoDisable].flatMap((element) => [...(element?.querySelectorAll('button') ?? [])]);
    for (const element of buttons) element.disabled = true;
    try {
      notices.replaceChildren();
      await action();
    } catch (error) {
      notify(notices, 'alert', problemText(error));
    } finally {
      for (const element of buttons) element.disabled = false;
    }
  }

  /**
   * Runs an action with the session. `SessionEnded` shows the signed-out screen (the client's onSessionEnded);
   * `RecentSignInRequired` asks for the password again (and a code if MFA is on), then runs the action once more with
   * the new session: a second refusal shows its detail, never another round.
   */
  async withSession(
    action: (session: Session) => Promise<void>,
    options: { form?: HTMLElement; notices?: HTMLElement } = {},
  ): Promise<void> {
    await this.run(async () => {
      const session = this.requireSession();
      try {
        await action(session);
      } catch (error) {
        if (!session.active) return; // Ended: the signed-out screen has replaced this one.
        if (!(error instanceof ApiProblemError && error.code === 'RecentSignInRequired')) throw error;
        const fresh = await confirmItsYou(this, error.detail);
        if (!fresh) throw error;
        await action(fresh);
      }
    }, options);
  }

  requireSession(): Session {
    if (!this.session?.active)
      throw new ApiProblemError({ status: 401, code: 'SessionEnded', title: 'Session ended', detail: 'Sign in first.' });
    return this.session;
  }

  /** Signs out everywhere; the client's onSessionEnded then shows the signed-out screen. */
  async signOut(): Promise<void> {
    await this.run(async () => this.session?.signOut());
  }

  private ended(reason: ApiProblemError): void {
    this.session = undefined;
    this.profile = undefined;
    // The signed-in screens' addresses (#inbox...) mean nothing once signed out.
    history.replaceState(null, '', location.pathname);
    this.onSignedOut(this, reason.detail);
  }
}

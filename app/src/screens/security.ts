// "Security": change the password, turn two-step verification (an authenticator app, TOTP) on or off, and delete the
// account.
import type { Session, TotpSetup } from '@authapi/client';
import { toString as qrCodeSvg } from 'qrcode';
import type { App } from '../app.js';
import { button, field, form, h } from '../dom.js';
import { deleteAccountSection } from './delete-account.js';

export async function showSecurity(app: App, session: Session, options: { status?: string | undefined } = {}): Promise<void> {
  app.profile = await session.me();
  const passwordNotices = h('div', { class: 'notices' });
  const mfaNotices = h('div', { class: 'notices' });

  // The API ends every session of the account; the client's onSessionEnded then shows "You are signed out".
  const changePassword: HTMLFormElement = form(
    [
      field('Current password', { name: 'currentPassword', type: 'password', autocomplete: 'current-password' }),
      field('New password', { name: 'newPassword', type: 'password', autocomplete: 'new-password' }),
    ],
    'Change password',
    (values) =>
      app.withSession(
        (current) => current.changePassword({ currentPassword: values.currentPassword ?? '', newPassword: values.newPassword ?? '' }),
        {
          form: changePassword,
          notices: passwordNotices,
        },
      ),
  );

  const mfa = h('div');
  const reload = (status: string) => app.withSession((current) => showSecurity(app, current, { status }), { notices: mfaNotices });
  if (app.profile.mfa.enabled) {
    const turnOff = button('Turn off', () =>
      app.withSession(
        async (current) => {
          await current.disableMfa();
          await reload('Sign-in no longer asks for a code.');
        },
        { notices: mfaNotices },
      ),
    );
    mfa.append(h('p', {}, 'Two-step verification is on: signing in asks for a code from your authenticator app.'), h('p', {}, turnOff));
  } else {
    const setUp = button('Set up two-step verification', () =>
      app.withSession(
        async (current) => {
          const setup = await current.setUpTotp();
          mfa.replaceChildren(await totpSetUp(app, setup, mfaNotices, reload));
          mfa.querySelector('input')?.focus();
        },
        { notices: mfaNotices },
      ),
    );
    mfa.append(h('p', {}, 'Two-step verification is off.'), h('p', {}, setUp));
  }

  app.render({
    title: 'Security',
    route: 'security',
    status: options.status,
    content: [
      h(
        'section',
        { 'aria-labelledby': 'password-title' },
        h('h2', { id: 'password-title' }, 'Change password'),
        passwordNotices,
        changePassword,
      ),
      h('section', { 'aria-labelledby': 'mfa-title' }, h('h2', { id: 'mfa-title' }, 'Two-step verification'), mfaNotices, mfa),
      deleteAccountSection(app),
    ],
  });
}

/** The QR code of the otpauth URI, drawn here (an SVG image, no request anywhere), its secret, and the first code. */
async function totpSetUp(
  app: App,
  setup: TotpSetup,
  notices: HTMLElement,
  reload: (status: string) => Promise<void>,
): Promise<HTMLElement> {
  const svg = await qrCodeSvg(setup.otpauthUri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const turnOn: HTMLFormElement = form(
    [field('Code', { name: 'code', code: true, hint: 'The 6-digit code the app shows once it has the key.' })],
    'Turn on',
    (values) =>
      app.withSession(
        async (current) => {
          await current.verifyTotp({ code: values.code ?? '' });
          await reload('Your authenticator app is set up: signing in now asks for its code.');
        },
        { form: turnOn, notices },
      ),
  );
  return h(
    'div',
    { class: 'totp' },
    h('p', {}, 'Scan this QR code with your authenticator app, or type the secret key into it.'),
    h('img', {
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
      alt: 'QR code for your authenticator app',
      width: '200',
      height: '200',
    }),
    h(
      'p',
      {},
      h('span', { id: 'secret-label' }, 'Secret key'),
      ' ',
      h('code', { 'aria-labelledby': 'secret-label', class: 'secret' }, setup.secretCode),
    ),
    turnOn,
  );
}

// The client's passkey calls (Session) and browser helpers (@authapi/client/webauthn): the helpers run the real
// @simplewebauthn/browser against a stand-in navigator.credentials backed by the software authenticator, so the
// options' and credentials' conversions between JSON and ArrayBuffers are exercised, not mocked.
import { addPasskey, signInWithPasskey } from '../../../../clients/typescript/src/webauthn.js';
import { SoftwareAuthenticator } from '../../../fixtures/webauthn-authenticator.js';
import { fakeApi, json, problem, signedIn, tokens } from './fake-api.js';

const ORIGIN = 'http://localhost:5173';
const passkey = { id: 'AQIDBAUGBwgJCgsMDQ4PEA', name: 'Chrome on Linux', createdAt: '2026-12-07T09:30:00.000Z' };
const creationOptions = {
  challenge: 'Y2hhbGxlbmdlLWZvci1yZWdpc3RyYXRpb24',
  rp: { id: 'localhost', name: 'Messages' },
  user: { id: 'dXNlci1oYW5kbGU', name: 'alice@example.com', displayName: 'alice@example.com' },
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
};
const requestOptions = { challenge: 'Y2hhbGxlbmdlLWZvci1zaWduLWlu', rpId: 'localhost', timeout: 60000, userVerification: 'required' };

const base64url = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('base64url');
// What the stand-in reads of the options navigator.credentials gets (the DOM's types are not in the tests' lib).
interface CreationOptions {
  challenge: ArrayBuffer;
  rp: { id?: string };
  user: { id: ArrayBuffer };
}
interface RequestOptions {
  challenge: ArrayBuffer;
  rpId?: string;
  userVerification?: string;
}
const buffer = (text: string) => new Uint8Array(Buffer.from(text, 'base64url')).buffer;

/** navigator.credentials as a browser has it, creating and using the authenticator's key; records what it was asked. */
function fakeBrowser(authenticator: SoftwareAuthenticator) {
  const asked: { create: CreationOptions[]; get: RequestOptions[] } = { create: [], get: [] };
  const credentials = {
    create: async ({ publicKey }: { publicKey: CreationOptions }) => {
      asked.create.push(publicKey);
      const made = authenticator.register({ challenge: base64url(publicKey.challenge), rp: { id: publicKey.rp.id ?? '' } });
      return {
        id: made.id,
        rawId: buffer(made.rawId),
        type: made.type,
        authenticatorAttachment: made.authenticatorAttachment,
        response: {
          clientDataJSON: buffer(made.response.clientDataJSON),
          attestationObject: buffer(made.response.attestationObject),
          getTransports: () => made.response.transports,
        },
        getClientExtensionResults: () => ({}),
      };
    },
    get: async ({ publicKey }: { publicKey: RequestOptions }) => {
      asked.get.push(publicKey);
      const made = authenticator.assert({ challenge: base64url(publicKey.challenge), rpId: publicKey.rpId ?? '' });
      return {
        id: made.id,
        rawId: buffer(made.rawId),
        type: made.type,
        authenticatorAttachment: made.authenticatorAttachment,
        response: {
          clientDataJSON: buffer(made.response.clientDataJSON),
          authenticatorData: buffer(made.response.authenticatorData),
          signature: buffer(made.response.signature),
        },
        getClientExtensionResults: () => ({}),
      };
    },
  };
  Object.defineProperty(globalThis, 'navigator', { value: { credentials }, configurable: true });
  Object.defineProperty(globalThis, 'PublicKeyCredential', { value: function PublicKeyCredential() {}, configurable: true });
  return asked;
}

const saved = { navigator: Object.getOwnPropertyDescriptor(globalThis, 'navigator') };
afterEach(() => {
  if (saved.navigator) Object.defineProperty(globalThis, 'navigator', saved.navigator);
  else Reflect.deleteProperty(globalThis, 'navigator');
  Reflect.deleteProperty(globalThis, 'PublicKeyCredential');
});

describe('Session passkey calls', () => {
  it('lists, starts a registration, registers and deletes, with the access token', async () => {
    const { client, sent, requests } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'GET /me/passkeys': () => json(200, { items: [passkey] }),
      'POST /me/passkeys/options': () => json(200, { options: creationOptions }),
      'POST /me/passkeys': () => json(201, passkey),
      [`DELETE /me/passkeys/${passkey.id}`]: () => new Response(null, { status: 204 }),
    });
    const session = await signedIn(client);

    expect(await session.listPasskeys()).toEqual([passkey]);
    expect(await session.startPasskeyRegistration()).toEqual(creationOptions);
    const credential = { id: passkey.id, type: 'public-key', response: { clientDataJSON: 'e30' } };
    expect(await session.registerPasskey(credential)).toEqual(passkey);
    expect(await sent('POST /me/passkeys')[0]?.json()).toEqual({ credential });
    await session.deletePasskey(passkey.id);
    expect(sent(`DELETE /me/passkeys/${passkey.id}`)).toHaveLength(1);
    expect(requests.slice(1).map((request) => request.headers.get('authorization'))).toEqual(Array(4).fill('Bearer access-1'));
  });

  it('throws the API problem, e.g. RecentSignInRequired, before anything else', async () => {
    const { client } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /me/passkeys/options': () => problem(401, 'RecentSignInRequired'),
    });
    const session = await signedIn(client);
    const asked = fakeBrowser(new SoftwareAuthenticator(ORIGIN));
    await expect(addPasskey(session)).rejects.toMatchObject({ status: 401, code: 'RecentSignInRequired' });
    expect(asked.create).toEqual([]);
  });
});

describe('@authapi/client/webauthn', () => {
  it("addPasskey hands Cognito's options to navigator.credentials.create and registers the credential as JSON", async () => {
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    const asked = fakeBrowser(authenticator);
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /me/passkeys/options': () => json(200, { options: creationOptions }),
      'POST /me/passkeys': () => json(201, passkey),
    });
    const session = await signedIn(client);

    expect(await addPasskey(session)).toEqual(passkey);
    // The browser got the options with their base64url fields as bytes.
    expect(base64url(asked.create[0]?.challenge ?? new ArrayBuffer(0))).toBe(creationOptions.challenge);
    expect(base64url(asked.create[0]?.user.id ?? new ArrayBuffer(0))).toBe(creationOptions.user.id);
    const { credential } = (await sent('POST /me/passkeys')[0]?.json()) as { credential: Record<string, unknown> };
    const expected = authenticator.register({ challenge: creationOptions.challenge, rp: creationOptions.rp });
    expect(credential).toMatchObject({
      id: authenticator.id,
      rawId: authenticator.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      response: { clientDataJSON: expected.response.clientDataJSON, transports: ['internal'] },
    });
  });

  it('signInWithPasskey starts WEB_AUTHN and answers it with the assertion, which signs in', async () => {
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    const asked = fakeBrowser(authenticator);
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, { challenge: 'WEB_AUTHN', session: 'session-1', parameters: { options: requestOptions } }),
      'POST /auth/challenge': () => json(200, tokens(2)),
    });

    const result = await signInWithPasskey(client, 'alice@example.com');
    expect(result.session?.currentTokens).toMatchObject({ accessToken: 'access-2' });
    expect(await sent('POST /auth/sign-in')[0]?.json()).toEqual({ email: 'alice@example.com', preferred: 'WEB_AUTHN' });
    expect(asked.get).toHaveLength(1);
    expect(asked.get[0]).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(base64url(asked.get[0]?.challenge ?? new ArrayBuffer(0))).toBe(requestOptions.challenge);
    const answer = (await sent('POST /auth/challenge')[0]?.json()) as { credential: { response: Record<string, string> } };
    expect(answer).toMatchObject({ email: 'alice@example.com', challenge: 'WEB_AUTHN', session: 'session-1' });
    const clientData = JSON.parse(Buffer.from(answer.credential.response.clientDataJSON ?? '', 'base64url').toString()) as unknown;
    expect(clientData).toMatchObject({ type: 'webauthn.get', challenge: requestOptions.challenge, origin: ORIGIN });
    expect(answer.credential.response.signature).toEqual(expect.any(String));
  });

  it('signInWithPasskey hands back another challenge without asking the browser', async () => {
    const asked = fakeBrowser(new SoftwareAuthenticator(ORIGIN));
    const { client } = fakeApi({
      'POST /auth/sign-in': () => json(200, { challenge: 'SELECT_CHALLENGE', session: 's', parameters: { available: ['PASSWORD'] } }),
    });
    const result = await signInWithPasskey(client, 'alice@example.com');
    expect(result.challenge?.name).toBe('SELECT_CHALLENGE');
    expect(asked.get).toEqual([]);
  });
});

// Sign-in lockout: docs/local-emulation.md (Cognito's "Lockout behavior for failed sign-in attempts").
import { PASSWORD, startTestEmulator, type TestEmulator } from './emulator.js';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(() => t.stop());

const WRONG = 'Wrong-password-1234';
const failWith = (email: string, password: string) =>
  t.signIn(email, password).then(
    () => undefined,
    (error: Error) => error.message,
  );

describe('Cognito emulator: sign-in lockout', () => {
  it('locks a user out for 1 s after 5 failures, whatever the password, then lets the right one in', async () => {
    await t.confirmedUser('jane@example.com');
    for (let i = 0; i < 5; i++) expect(await failWith('jane@example.com', WRONG)).toBe('Incorrect username or password.');
    expect(await failWith('jane@example.com', PASSWORD)).toBe('Password attempts exceeded');
    t.clock.advance(1000);
    await expect(t.signIn('jane@example.com')).resolves.toMatchObject({ AuthenticationResult: { AccessToken: expect.any(String) } });
  });

  it('locks for 2^(n-5) s after the n-th failure, at most 15 minutes, and attempts during a lockout do not count', async () => {
    await t.confirmedUser('joe@example.com');
    for (let n = 1; n <= 16; n++) {
      expect(await failWith('joe@example.com', WRONG)).toBe('Incorrect username or password.');
      const lockoutMs = n < 5 ? 0 : Math.min(2 ** (n - 5), 900) * 1000;
      if (lockoutMs > 0) {
        t.clock.advance(lockoutMs - 1);
        expect(await failWith('joe@example.com', PASSWORD)).toBe('Password attempts exceeded');
        t.clock.advance(1);
      }
    }
    await expect(t.signIn('joe@example.com')).resolves.toHaveProperty('AuthenticationResult');
  });

  it('forgets the failures after 15 minutes without an attempt', async () => {
    await t.confirmedUser('max@example.com');
    for (let i = 0; i < 5; i++) await failWith('max@example.com', WRONG);
    t.clock.advance(15 * 60_000);
    for (let i = 0; i < 4; i++) await failWith('max@example.com', WRONG);
    await expect(t.signIn('max@example.com')).resolves.toHaveProperty('AuthenticationResult');
  });

  it('answers an unknown email exactly as a known one, lockout included (no user enumeration)', async () => {
    await t.confirmedUser('known@example.com');
    const known: Array<string | undefined> = [];
    const unknown: Array<string | undefined> = [];
    for (let i = 0; i < 7; i++) {
      known.push(await failWith('known@example.com', WRONG));
      unknown.push(await failWith('nobody@example.com', WRONG));
    }
    expect(unknown).toEqual(known);
    expect(known.slice(5)).toEqual(['Password attempts exceeded', 'Password attempts exceeded']);
  });
});

// USER_SRP_AUTH, checked with an independent client: amazon-cognito-identity-js, whose SRP is the one
// Amplify's default sign-in runs (docs/local-emulation.md, "SRP").
import { ChangePasswordCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { padHex, verifierOf } from '../../../../local/cognito/srp.js';
import { PASSWORD, startTestEmulator, type TestEmulator } from './emulator.js';
import { identityJsSignIn } from './identity-js.js';

// SRP is 3072-bit modular arithmetic on both sides, several sign-ins per test: seconds on a busy 2-core machine.
jest.setTimeout(30_000);

let t: TestEmulator;
let srpClientId: string;
beforeEach(async () => {
  t = await startTestEmulator();
  srpClientId = await t.client({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
});
afterEach(() => t.stop());

const srpSignIn = (email: string, password: string, clientId = srpClientId) =>
  identityJsSignIn({ endpoint: t.emulator.endpoint, poolId: t.poolId, clientId, username: email, password });

const subOf = async (email: string) => {
  const token = (await t.signIn(email, PASSWORD, t.clientId)).AuthenticationResult?.AccessToken ?? '';
  return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string }).sub;
};

describe('Cognito emulator: USER_SRP_AUTH', () => {
  it('signs amazon-cognito-identity-js in with SRP, and refuses a wrong password as Cognito does', async () => {
    await t.confirmedUser('sara@example.com');
    expect(await srpSignIn('sara@example.com', PASSWORD)).toBe(`tokens for ${await subOf('sara@example.com')}`);
    expect(await srpSignIn('SARA@example.com', PASSWORD)).toMatch(/^tokens for /);
    expect(await srpSignIn('sara@example.com', 'Wrong-password-1234')).toBe('NotAuthorizedException: Incorrect username or password.');
  });

  it('follows a password change, and counts wrong SRP claims toward the lockout', async () => {
    await t.confirmedUser('seb@example.com');
    const AccessToken = (await t.signIn('seb@example.com')).AuthenticationResult?.AccessToken;
    await t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Another-password-77' }));
    expect(await srpSignIn('seb@example.com', PASSWORD)).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await srpSignIn('seb@example.com', 'Another-password-77')).toMatch(/^tokens for /);
    for (let i = 0; i < 5; i++) await srpSignIn('seb@example.com', PASSWORD);
    expect(await srpSignIn('seb@example.com', 'Another-password-77')).toBe('NotAuthorizedException: Password attempts exceeded');
  });

  it('answers an unknown user with a PASSWORD_VERIFIER challenge (the same salt each time), then as a wrong password', async () => {
    const challenge = () =>
      t.cognito.send(
        new InitiateAuthCommand({
          ClientId: srpClientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: 'ghost@example.com', SRP_A: 'abc123' },
        }),
      );
    const first = await challenge();
    expect(first).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { USER_ID_FOR_SRP: 'ghost@example.com', SALT: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect((await challenge()).ChallengeParameters?.SALT).toBe(first.ChallengeParameters?.SALT);
    expect(await srpSignIn('ghost@example.com', PASSWORD)).toBe('NotAuthorizedException: Incorrect username or password.');
  });

  it('needs ALLOW_USER_SRP_AUTH on the client', async () => {
    await t.confirmedUser('sid@example.com');
    expect(await srpSignIn('sid@example.com', PASSWORD, t.clientId)).toBe(
      'InvalidParameterException: USER_SRP_AUTH flow not enabled for this client',
    );
  });

  it('accepts a secret block once', async () => {
    await t.confirmedUser('sue@example.com');
    const { ChallengeParameters = {} } = await t.cognito.send(
      new InitiateAuthCommand({
        ClientId: srpClientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: 'sue@example.com', SRP_A: 'abc123' },
      }),
    );
    const answer = () =>
      t.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: srpClientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: {
            USERNAME: ChallengeParameters.USER_ID_FOR_SRP ?? '',
            PASSWORD_CLAIM_SECRET_BLOCK: ChallengeParameters.SECRET_BLOCK ?? '',
            PASSWORD_CLAIM_SIGNATURE: 'AAAA',
            TIMESTAMP: 'Thu Jan 1 00:00:00 UTC 2026',
          },
        }),
      );
    await expect(answer()).rejects.toMatchObject({ message: 'Incorrect username or password.' });
    await expect(answer()).rejects.toMatchObject({ message: 'Invalid session for the user, session is expired.' });
  });

  it('pads as the clients do: a 00 byte before a high bit, an even number of digits', () => {
    expect([0x7fn, 0x80n, 0xfffn, 0x1n].map(padHex)).toEqual(['7f', '0080', '0fff', '01']);
    // x = H(PAD(salt) | H(poolName username ":" password)) with the pool id's part after the region.
    expect(verifierOf('us-east-1_abc', 'u', 'p', '01').verifier).toBe(verifierOf('eu-west-1_abc', 'u', 'p', '01').verifier);
  });
});

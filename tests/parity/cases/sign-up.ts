// SignUp: what it answers, the pool's password policy, and an email that is taken.
import { AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { ParityCase } from '../harness.js';
import { API, expectFailure, GUIDE, maskedEmail, PASSWORD, signedUpUser, templatePool, uniqueEmail, UUID } from '../fixtures.js';

export const signUpCases: ParityCase[] = [
  {
    id: 'sign-up/answer',
    title: 'answers UserConfirmed false, the UUID UserSub and the masked address it sent the code to; the user is UNCONFIRMED',
    doc: `${API}/API_SignUp.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = uniqueEmail('sign-up');
      const answer = await t.cognito.send(
        new SignUpCommand({
          ClientId: pool.clientId,
          Username: email,
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'name', Value: 'Jane' },
          ],
        }),
      );
      await t.check('answers UserConfirmed false and a UUID UserSub', () => {
        expect(answer.UserConfirmed).toBe(false);
        expect(answer.UserSub).toMatch(UUID);
      });
      await t.check('says where the code went, masked', () =>
        expect(answer.CodeDeliveryDetails).toEqual({
          AttributeName: 'email',
          DeliveryMedium: 'EMAIL',
          Destination: expect.stringMatching(maskedEmail(email)),
        }),
      );
      await t.check('the user is UNCONFIRMED and enabled, its username the sub, with the given attributes', async () => {
        const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
        expect(user).toMatchObject({ Username: answer.UserSub, UserStatus: 'UNCONFIRMED', Enabled: true });
        expect(user.UserAttributes).toEqual(
          expect.arrayContaining([
            { Name: 'sub', Value: answer.UserSub },
            { Name: 'email', Value: email },
            { Name: 'name', Value: 'Jane' },
          ]),
        );
      });
    },
  },
  {
    // The messages as Cognito words them, one rule per answer (amazon-cognito-identity-js#311).
    id: 'sign-up/password-policy',
    title: "refuses a password that breaks one rule of the pool's policy with InvalidPasswordException naming the rule",
    doc: `${GUIDE}/user-pool-settings-policies.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const signUp = (password: string) => {
        const email = uniqueEmail('policy');
        return t.cognito.send(
          new SignUpCommand({
            ClientId: pool.clientId,
            Username: email,
            Password: password,
            UserAttributes: [{ Name: 'email', Value: email }],
          }),
        );
      };
      // The template: at least 12 characters, upper case, lower case and digits; no symbol required.
      const broken = [
        ['Short-pw-1A', /^Password did not conform with policy: Password not long enough$/],
        ['no-uppercase-123', /^Password did not conform with policy: Password must have uppercase characters$/],
        ['NO-LOWERCASE-123', /^Password did not conform with policy: Password must have lowercase characters$/],
        ['No-numbers-here-X', /^Password did not conform with policy: Password must have numeric characters$/],
      ] as const;
      await t.check('refuses each broken rule with InvalidPasswordException', async () => {
        for (const [password] of broken) await expectFailure(signUp(password), { name: 'InvalidPasswordException' });
      });
      await t.check('names the broken rule in the message', async () => {
        for (const [password, message] of broken) await expectFailure(signUp(password), { name: 'InvalidPasswordException', message });
      });
      await t.check('accepts a password without a symbol (the policy does not require one)', async () => {
        expect((await signUp('Nosymbolsatall123')).UserSub).toMatch(UUID);
      });
    },
  },
  {
    // With PreventUserExistenceErrors ENABLED too: "The SignUp operation returns UsernameExistsException when a user name is already taken."
    id: 'sign-up/existing-email',
    title: 'refuses an email that is registered, in any letter case, with UsernameExistsException',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const { email } = await signedUpUser(t, pool, 'taken');
      const again = (username: string) =>
        t.cognito.send(
          new SignUpCommand({
            ClientId: pool.clientId,
            Username: username,
            Password: PASSWORD,
            UserAttributes: [{ Name: 'email', Value: username }],
          }),
        );
      await t.check('refuses the same email', () =>
        expectFailure(again(email), { name: 'UsernameExistsException', message: 'An account with the given email already exists.' }),
      );
      // UsernameConfiguration CaseSensitive false: "users can sign in as the same user when they enter a different capitalization".
      // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UsernameConfigurationType.html
      await t.check('refuses the same email in upper case', () =>
        expectFailure(again(email.toUpperCase()), {
          name: 'UsernameExistsException',
          message: 'An account with the given email already exists.',
        }),
      );
    },
  },
];

// UpdateUserAttributes and VerifyUserAttribute: a name change, and an email change kept pending until verified.
import { GetUserCommand, UpdateUserAttributesCommand, VerifyUserAttributeCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { CaseContext, ParityCase } from '../harness.js';
import {
  API,
  confirmedUser,
  expectFailure,
  GUIDE,
  latestCode,
  maskedEmail,
  passwordAuth,
  signedIn,
  templatePool,
  uniqueEmail,
} from '../fixtures.js';

async function attributesOf(t: CaseContext, accessToken: string): Promise<Record<string, string | undefined>> {
  const { UserAttributes = [] } = await t.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
  return Object.fromEntries(UserAttributes.map((a) => [a.Name ?? '', a.Value]));
}

export const attributeCases: ParityCase[] = [
  {
    id: 'attributes/name',
    title: 'UpdateUserAttributes changes an attribute that needs no verification at once, sending no code',
    doc: `${API}/API_UpdateUserAttributes.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'rename', 'Jane');
      const { AccessToken } = await signedIn(t, pool, email);
      await t.check('answers no code delivery', async () => {
        const answer = await t.cognito.send(
          new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'name', Value: 'Janet' }] }),
        );
        expect(answer.CodeDeliveryDetailsList ?? []).toEqual([]);
      });
      await t.check('the new name is there', async () => expect(await attributesOf(t, AccessToken)).toMatchObject({ name: 'Janet' }));
    },
  },
  {
    id: 'attributes/email-change',
    title: 'an email change waits for the code sent to the new address: the old one stays active until VerifyUserAttribute',
    doc: `${GUIDE}/user-pool-settings-email-phone-verification.html#user-pool-settings-verifications-verify-attribute-updates`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'mover');
      const moved = uniqueEmail('moved');
      const { AccessToken } = await signedIn(t, pool, email);
      const answer = await t.cognito.send(
        new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: moved }] }),
      );
      await t.check('answers the masked new address the code went to', () =>
        expect(answer.CodeDeliveryDetailsList).toEqual([
          { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: expect.stringMatching(maskedEmail(moved)) },
        ]),
      );
      await t.check('the old address stays, verified, until the new one is', async () =>
        expect(await attributesOf(t, AccessToken)).toMatchObject({ email, email_verified: 'true' }),
      );
      await t.check('the user still signs in with the old address', async () =>
        expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String)),
      );
      await t.check('VerifyUserAttribute with the emailed code completes the change', async () => {
        const code = await latestCode(t, moved, 'attribute');
        await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }));
        expect(await attributesOf(t, AccessToken)).toMatchObject({ email: moved, email_verified: 'true' });
      });
      await t.check('the user signs in with the new address, not the old one', async () => {
        expect((await signedIn(t, pool, moved)).AccessToken).toEqual(expect.any(String));
        await expectFailure(passwordAuth(t, pool, email), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      });
    },
  },
  {
    id: 'attributes/wrong-code',
    title: 'VerifyUserAttribute refuses a wrong code with CodeMismatchException and keeps the old address',
    doc: `${API}/API_VerifyUserAttribute.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'verify-wrong');
      const { AccessToken } = await signedIn(t, pool, email);
      await t.cognito.send(
        new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: uniqueEmail('wanted') }] }),
      );
      await t.check('refuses a wrong code', () =>
        expectFailure(t.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: '000000' })), {
          name: 'CodeMismatchException',
          message: 'Invalid verification code provided, please try again.',
        }),
      );
      await t.check('the old address stays', async () => expect(await attributesOf(t, AccessToken)).toMatchObject({ email }));
    },
  },
  {
    id: 'attributes/email-taken',
    title: "refuses to give a user another user's email (in any letter case) with AliasExistsException",
    doc: `${API}/API_UpdateUserAttributes.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'taker');
      const owner = await confirmedUser(t, pool, 'owner');
      const { AccessToken } = await signedIn(t, pool, email);
      const update = (value: string) =>
        t.cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: value }] }));
      await t.check('refuses the same email', () =>
        expectFailure(update(owner), { name: 'AliasExistsException', message: 'An account with the given email already exists.' }),
      );
      await t.check('refuses the same email in upper case', () =>
        expectFailure(update(owner.toUpperCase()), {
          name: 'AliasExistsException',
          message: 'An account with the given email already exists.',
        }),
      );
      await t.check('the address is unchanged', async () => expect(await attributesOf(t, AccessToken)).toMatchObject({ email }));
    },
  },
];

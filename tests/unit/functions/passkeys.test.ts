// The passkey routes: GET /me/passkeys, POST /me/passkeys/options, POST /me/passkeys, DELETE /me/passkeys/{id}.
import {
  CompleteWebAuthnRegistrationCommand,
  DeleteWebAuthnCredentialCommand,
  ListWebAuthnCredentialsCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler as deletePasskey } from '../../../functions/delete-passkey/index.js';
import { handler as listPasskeys } from '../../../functions/list-passkeys/index.js';
import { handler as registerPasskey } from '../../../functions/register-passkey/index.js';
import { handler as startRegistration } from '../../../functions/start-passkey-registration/index.js';
import { itNeedsARecentSignIn } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock } from '../../fixtures/cognito.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { givenAccounts, outsideAccounts } from '../../fixtures/sessions.js';

const listEvent = loadEvent<AuthorizedEvent>('list-passkeys');
const optionsEvent = loadEvent<AuthorizedEvent>('start-passkey-registration');
const registerEvent = loadEvent<AuthorizedEvent>('register-passkey');
const deleteEvent = loadEvent<AuthorizedEvent>('delete-passkey');
const ACCESS = accessTokenIn(listEvent);
const ID = 'AQIDBAUGBwgJCgsMDQ4PEA';
const credential = (id: string, name?: string) => ({
  CredentialId: id,
  FriendlyCredentialName: name ?? '',
  RelyingPartyId: 'example.com',
  AuthenticatorTransports: ['internal'],
  CreatedAt: new Date('2026-12-01T09:30:00.000Z'),
});
const withBody = (body: unknown): AuthorizedEvent => ({ ...registerEvent, body: JSON.stringify(body) });
const cognitoCalls = () => cognitoMock.calls().length;

describe('passkey routes', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  describe('GET /me/passkeys', () => {
    it("lists every passkey with the authenticator's name, page after page", async () => {
      cognitoMock
        .on(ListWebAuthnCredentialsCommand, { AccessToken: ACCESS, MaxResults: 20, NextToken: undefined })
        .resolves({ Credentials: [credential('one', 'iCloud Keychain')], NextToken: 'page-2' })
        .on(ListWebAuthnCredentialsCommand, { AccessToken: ACCESS, MaxResults: 20, NextToken: 'page-2' })
        .resolves({ Credentials: [credential('two')] });

      const response = await invoke(listPasskeys, listEvent);

      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({
        items: [
          { id: 'one', name: 'iCloud Keychain', createdAt: '2026-12-01T09:30:00.000Z' },
          { id: 'two', createdAt: '2026-12-01T09:30:00.000Z' },
        ],
      });
    });

    it.each([
      ['NotAuthorizedException', 401, 'NotAuthorized'],
      ['ForbiddenException', 403, 'Forbidden'],
      ['PasswordResetRequiredException', 403, 'PasswordResetRequired'],
      ['InvalidParameterException', 400, 'ValidationError'],
      ['LimitExceededException', 429, 'TooManyRequests'],
      ['TooManyRequestsException', 429, 'TooManyRequests'],
      ['OperationNotEnabledException', 503, 'ServiceUnavailable'],
      ['InternalErrorException', 503, 'ServiceUnavailable'],
    ])('maps %s to %i %s', async (name, status, code) => {
      cognitoMock.on(ListWebAuthnCredentialsCommand).rejects(cognitoError(name));
      expectProblem(await invoke(listPasskeys, listEvent), status, code);
    });
  });

  describe('POST /me/passkeys/options', () => {
    it("answers Cognito's creation options", async () => {
      const options = { challenge: 'c2lnbg', rp: { id: 'example.com', name: 'pool' }, user: { id: 'dXNlcg', name: 'jane@example.com' } };
      cognitoMock.on(StartWebAuthnRegistrationCommand).resolves({ CredentialCreationOptions: options });

      const response = await invoke(startRegistration, optionsEvent);

      expect(response).toMatchObject({ statusCode: 200, headers: { 'cache-control': 'no-store' }, body: { options } });
      expect(cognitoMock.commandCalls(StartWebAuthnRegistrationCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
    });

    it.each([
      ['LimitExceededException', 409, 'PasskeyLimitReached'],
      ['WebAuthnNotEnabledException', 503, 'ServiceUnavailable'],
      ['WebAuthnConfigurationMissingException', 503, 'ServiceUnavailable'],
      ['NotAuthorizedException', 401, 'NotAuthorized'],
      ['ForbiddenException', 403, 'Forbidden'],
      ['PasswordResetRequiredException', 403, 'PasswordResetRequired'],
      ['InvalidParameterException', 400, 'ValidationError'],
      ['TooManyRequestsException', 429, 'TooManyRequests'],
      ['OperationNotEnabledException', 503, 'ServiceUnavailable'],
      ['InternalErrorException', 503, 'ServiceUnavailable'],
    ])('maps %s to %i %s', async (name, status, code) => {
      cognitoMock.on(StartWebAuthnRegistrationCommand).rejects(cognitoError(name));
      expectProblem(await invoke(startRegistration, optionsEvent), status, code);
    });

    it('answers 503 when Cognito returns no options', async () => {
      cognitoMock.on(StartWebAuthnRegistrationCommand).resolves({});
      expectProblem(await invoke(startRegistration, optionsEvent), 503, 'ServiceUnavailable');
    });

    itNeedsARecentSignIn(() => invoke(startRegistration, optionsEvent), cognitoCalls);
  });

  describe('POST /me/passkeys', () => {
    it('completes the registration with the credential as the browser gave it, and answers the new passkey', async () => {
      cognitoMock.on(CompleteWebAuthnRegistrationCommand).resolves({});
      cognitoMock.on(ListWebAuthnCredentialsCommand).resolves({ Credentials: [credential('other'), credential(ID, 'Chrome on Mac')] });

      const response = await invoke(registerPasskey, registerEvent);

      expect(response.statusCode).toBe(201);
      expect(response.body).toEqual({ id: ID, name: 'Chrome on Mac', createdAt: '2026-12-01T09:30:00.000Z' });
      const sent = cognitoMock.commandCalls(CompleteWebAuthnRegistrationCommand)[0]?.args[0].input;
      expect(sent).toEqual({
        AccessToken: ACCESS,
        Credential: (JSON.parse(registerEvent.body ?? '') as { credential: unknown }).credential,
      });
    });

    it.each([
      ['WebAuthnChallengeNotFoundException', 400, 'InvalidPasskey'],
      ['WebAuthnClientMismatchException', 400, 'InvalidPasskey'],
      ['WebAuthnCredentialNotSupportedException', 400, 'InvalidPasskey'],
      ['WebAuthnOriginNotAllowedException', 400, 'InvalidPasskey'],
      ['WebAuthnRelyingPartyMismatchException', 400, 'InvalidPasskey'],
      ['InvalidParameterException', 400, 'InvalidPasskey'],
      ['WebAuthnNotEnabledException', 503, 'ServiceUnavailable'],
      ['NotAuthorizedException', 401, 'NotAuthorized'],
      ['ForbiddenException', 403, 'Forbidden'],
      ['PasswordResetRequiredException', 403, 'PasswordResetRequired'],
      ['LimitExceededException', 429, 'TooManyRequests'],
      ['TooManyRequestsException', 429, 'TooManyRequests'],
      ['OperationNotEnabledException', 503, 'ServiceUnavailable'],
      ['InternalErrorException', 503, 'ServiceUnavailable'],
    ])('maps %s to %i %s', async (name, status, code) => {
      cognitoMock.on(CompleteWebAuthnRegistrationCommand).rejects(cognitoError(name));
      expectProblem(await invoke(registerPasskey, registerEvent), status, code);
    });

    it('answers 503 when the new passkey is not in the listing', async () => {
      cognitoMock.on(CompleteWebAuthnRegistrationCommand).resolves({});
      cognitoMock.on(ListWebAuthnCredentialsCommand).resolves({ Credentials: [] });
      expectProblem(await invoke(registerPasskey, registerEvent), 503, 'ServiceUnavailable');
    });

    it.each([
      ['no credential', {}],
      ['a credential without an id', { credential: { type: 'public-key' } }],
      ['a credential that is not an object', { credential: 'abc' }],
    ])('refuses %s with 400 ValidationError, asking Cognito nothing', async (_case, body) => {
      expectValidationError(await invoke(registerPasskey, withBody(body)), ['credential']);
      expect(cognitoCalls()).toBe(0);
    });

    itNeedsARecentSignIn(() => invoke(registerPasskey, registerEvent), cognitoCalls);
  });

  describe('DELETE /me/passkeys/{id}', () => {
    it('removes the passkey', async () => {
      cognitoMock.on(DeleteWebAuthnCredentialCommand).resolves({});

      const response = await invoke(deletePasskey, deleteEvent);

      expect(response.statusCode).toBe(204);
      expect(cognitoMock.commandCalls(DeleteWebAuthnCredentialCommand)[0]?.args[0].input).toEqual({
        AccessToken: ACCESS,
        CredentialId: ID,
      });
    });

    it.each([
      ['ResourceNotFoundException', 404, 'PasskeyNotFound'],
      ['NotAuthorizedException', 401, 'NotAuthorized'],
      ['ForbiddenException', 403, 'Forbidden'],
      ['PasswordResetRequiredException', 403, 'PasswordResetRequired'],
      ['InvalidParameterException', 400, 'ValidationError'],
      ['LimitExceededException', 429, 'TooManyRequests'],
      ['TooManyRequestsException', 429, 'TooManyRequests'],
      ['OperationNotEnabledException', 503, 'ServiceUnavailable'],
      ['InternalErrorException', 503, 'ServiceUnavailable'],
    ])('maps %s to %i %s', async (name, status, code) => {
      cognitoMock.on(DeleteWebAuthnCredentialCommand).rejects(cognitoError(name));
      expectProblem(await invoke(deletePasskey, deleteEvent), status, code);
    });

    it('answers 404 for an id longer than any passkey id, asking Cognito nothing', async () => {
      const response = await invoke(deletePasskey, { ...deleteEvent, pathParameters: { id: 'x'.repeat(2049) } });
      expectProblem(response, 404, 'PasskeyNotFound');
      expect(cognitoCalls()).toBe(0);
    });

    itNeedsARecentSignIn(() => invoke(deletePasskey, deleteEvent), cognitoCalls);
  });

  it('reads the session in the accounts table on every route (the session check)', async () => {
    cognitoMock.on(ListWebAuthnCredentialsCommand).resolves({ Credentials: [] });
    await invoke(listPasskeys, listEvent);
    expect(documentsMock.calls().length - outsideAccounts(documentsMock.calls()).length).toBeGreaterThan(0);
  });
});

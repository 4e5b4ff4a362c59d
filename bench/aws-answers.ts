// What the bench's HTTPS stub answers each AWS operation the functions send (bench/https-stub.ts): a
// minimal success that the SDK parses and the handler accepts, so a first invocation runs its whole
// path and answers 2xx. Keyed by the X-Amz-Target header the SDK sends (JSON protocols).
import { createHash } from 'node:crypto';

const SUB = '6f1c3a52-0000-4000-8000-000000000001';
const OTHER_SUB = '6f1c3a52-0000-4000-8000-000000000002';
const MESSAGE_ID = '01KAR1Z5Q8V7N3M2K4J6H8G0FD';
const PASSKEY_ID = 'AQIDBAUGBwgJCgsMDQ4PEA';

// The sign-in functions read `sub` and `origin_jti` of the access token to record the session.
const claims = Buffer.from(JSON.stringify({ sub: SUB, origin_jti: '0b4e7c1d-0000-4000-8000-000000000003' })).toString('base64url');
const tokens = { AccessToken: `eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`, IdToken: 'eyJ.id.token', ExpiresIn: 3600, TokenType: 'Bearer' };
const codeDelivery = { Destination: 'j***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };

const COGNITO: Record<string, unknown> = {
  SignUp: { UserConfirmed: false, UserSub: SUB, CodeDeliveryDetails: codeDelivery },
  ConfirmSignUp: {},
  ResendConfirmationCode: { CodeDeliveryDetails: codeDelivery },
  InitiateAuth: { AuthenticationResult: { ...tokens, RefreshToken: 'refresh' }, ChallengeParameters: {} },
  RespondToAuthChallenge: { AuthenticationResult: { ...tokens, RefreshToken: 'refresh' }, ChallengeParameters: {} },
  GetTokensFromRefreshToken: { AuthenticationResult: { ...tokens, RefreshToken: 'rotated' } },
  ForgotPassword: { CodeDeliveryDetails: codeDelivery },
  ConfirmForgotPassword: {},
  GlobalSignOut: {},
  RevokeToken: {},
  GetUser: {
    Username: SUB,
    UserAttributes: [
      { Name: 'sub', Value: SUB },
      { Name: 'email', Value: 'jane@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
  },
  AdminGetUser: { Username: SUB, UserAttributes: [{ Name: 'sub', Value: SUB }] },
  UpdateUserAttributes: { CodeDeliveryDetailsList: [codeDelivery] },
  VerifyUserAttribute: {},
  ChangePassword: {},
  AdminUserGlobalSignOut: {},
  DeleteUser: {},
  AssociateSoftwareToken: { SecretCode: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  VerifySoftwareToken: { Status: 'SUCCESS' },
  SetUserMFAPreference: {},
  ListUsers: { Users: [{ Username: 'bob', Enabled: true, UserStatus: 'CONFIRMED', Attributes: [{ Name: 'sub', Value: OTHER_SUB }] }] },
  StartWebAuthnRegistration: {
    CredentialCreationOptions: {
      challenge: 'c2lnbi1pbi1jaGFsbGVuZ2U',
      rp: { id: 'example.com', name: 'example.com' },
      user: { id: 'dXNlcg', name: 'jane@example.com', displayName: 'Jane' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    },
  },
  CompleteWebAuthnRegistration: {},
  // The credential events/register-passkey.json registers, which the function then finds in the listing.
  ListWebAuthnCredentials: {
    Credentials: [
      {
        CredentialId: PASSKEY_ID,
        FriendlyCredentialName: 'Passkey',
        RelyingPartyId: 'example.com',
        AuthenticatorTransports: ['internal'],
        CreatedAt: 1764581400,
      },
    ],
  },
  DeleteWebAuthnCredential: {},
};

/** One stored message, in DynamoDB's attribute-value form, for every read and write of the messages table. */
const MESSAGE_ITEM = {
  pk: { S: `USER#${SUB}#INBOX` },
  sk: { S: MESSAGE_ID },
  id: { S: MESSAGE_ID },
  from: { M: { sub: { S: OTHER_SUB }, email: { S: 'bob@example.com' } } },
  to: { M: { sub: { S: SUB }, email: { S: 'jane@example.com' } } },
  subject: { S: 'Lunch?' },
  body: { S: 'Noon at the usual place.' },
  createdAt: { S: '2026-11-22T10:00:00.000Z' },
  // Read as the users directory's entry (EMAIL#: sub) and as the sender's account (ACCOUNT: email) too.
  sub: { S: OTHER_SUB },
  email: { S: 'jane@example.com' },
};

const DYNAMODB: Record<string, unknown> = {
  // Also read as the session's record: signed in just now, so the routes that need a recent sign-in go on.
  get GetItem() {
    return { Item: { ...MESSAGE_ITEM, signedInAt: { N: String(Date.now()) } } };
  },
  Query: { Items: [MESSAGE_ITEM], Count: 1, ScannedCount: 1 },
  UpdateItem: { Attributes: MESSAGE_ITEM },
  DeleteItem: { Attributes: MESSAGE_ITEM },
  PutItem: {},
  TransactWriteItems: {},
  BatchWriteItem: { UnprocessedItems: {} },
};

// DELETE /me queues its erasure job; the client checks the answer's MD5 of the body it sent.
const SQS: Record<string, unknown> = {
  SendMessage: (request: { MessageBody?: string }) => ({
    MessageId: '5fea7756-0ea4-451a-a703-a558b933e274',
    MD5OfMessageBody: createHash('md5')
      .update(request.MessageBody ?? '')
      .digest('hex'),
  }),
};

/** The JSON protocol versions (content types) of the services, by X-Amz-Target prefix. */
const SERVICES: Record<string, { contentType: string; answers: Record<string, unknown> }> = {
  AWSCognitoIdentityProviderService: { contentType: 'application/x-amz-json-1.1', answers: COGNITO },
  DynamoDB_20120810: { contentType: 'application/x-amz-json-1.0', answers: DYNAMODB },
  AmazonSQS: { contentType: 'application/x-amz-json-1.0', answers: SQS },
};

export interface AwsAnswer {
  contentType: string;
  body: string;
}

/** The answer to an `X-Amz-Target` (`Service.Operation`), or undefined for an operation the stub does not know. */
export function answerFor(target: string | undefined, requestBody = '{}'): AwsAnswer | undefined {
  const [service = '', operation = ''] = (target ?? '').split('.');
  const known = SERVICES[service];
  const stored = known && Object.hasOwn(known.answers, operation) ? known.answers[operation] : undefined;
  const answer = typeof stored === 'function' ? (stored as (request: unknown) => unknown)(JSON.parse(requestBody || '{}')) : stored;
  return known && answer !== undefined ? { contentType: known.contentType, body: JSON.stringify(answer) } : undefined;
}

// Lambda triggers: which operation fires which trigger with which event, what the answer changes, and
// how a failing function surfaces (docs/local-emulation.md, "Lambda triggers").
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TriggerEvent, TriggerResult } from '../../../../local/cognito/triggers.js';
import { PASSWORD, startTestEmulator, type TestEmulator } from './emulator.js';

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:test-${name}`;

/** Functions the test defines per trigger; every event they get is kept. */
class TestFunctions {
  readonly events: TriggerEvent[] = [];
  private readonly handlers = new Map<string, (event: TriggerEvent) => TriggerResult | Promise<TriggerResult>>();

  on(name: string, handler: (event: TriggerEvent) => TriggerResult | Promise<TriggerResult>): string {
    this.handlers.set(arnOf(name), handler);
    return arnOf(name);
  }

  invoke = async (arn: string, event: TriggerEvent): Promise<TriggerResult> => {
    this.events.push(structuredClone(event));
    const handler = this.handlers.get(arn);
    if (!handler) return { ok: false, errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
    return handler(event);
  };

  sources = () => this.events.map((event) => event.triggerSource);
}

const returnEvent =
  (change: (event: TriggerEvent) => void = () => undefined) =>
  (event: TriggerEvent) => {
    change(event);
    return { ok: true as const, payload: event };
  };
const fail = (message: string) => () => ({ ok: false as const, errorType: 'Error', errorMessage: message });

let t: TestEmulator;
let fns: TestFunctions;
afterEach(() => t.stop());

async function start(config: (fns: TestFunctions) => LambdaConfigType, options: Parameters<typeof startTestEmulator>[0] = {}) {
  fns = new TestFunctions();
  t = await startTestEmulator({ invokeTrigger: fns.invoke, triggerTimeoutMs: 200, ...options });
  await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: t.poolId, LambdaConfig: config(fns) }));
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: Error) => `${error.name}: ${error.message}`,
  );
const claimsOf = (token = '') => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
const signUp = (email: string, extra: Partial<ConstructorParameters<typeof SignUpCommand>[0]> = {}) =>
  t.cognito.send(new SignUpCommand({ ClientId: t.clientId, Username: email, Password: PASSWORD, ...extra }));
const statusOf = async (email: string) =>
  (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: t.poolId, Username: email }))).UserStatus;

describe('Cognito emulator: pre sign-up and post confirmation triggers', () => {
  it("sends Cognito's pre sign-up event and applies autoConfirmUser and autoVerifyEmail, then runs post confirmation", async () => {
    await start((fns) => ({
      PreSignUp: fns.on(
        'pre-sign-up',
        returnEvent((event) => Object.assign(event.response, { autoConfirmUser: true, autoVerifyEmail: true })),
      ),
      PostConfirmation: fns.on('post-confirmation', returnEvent()),
    }));
    const answer = await signUp('ann@example.com', {
      UserAttributes: [{ Name: 'name', Value: 'Ann' }],
      ValidationData: [{ Name: 'captcha', Value: 'ok' }],
      ClientMetadata: { plan: 'free' },
    });
    expect(answer).toMatchObject({ UserConfirmed: true });
    expect(answer.CodeDeliveryDetails).toBeUndefined();
    expect(t.emulator.outbox.list('ann@example.com')).toEqual([]);
    expect(fns.events[0]).toEqual({
      version: '1',
      triggerSource: 'PreSignUp_SignUp',
      region: 'us-east-1',
      userPoolId: t.poolId,
      userName: 'ann@example.com',
      callerContext: { awsSdkVersion: expect.stringMatching(/^aws-sdk-js-3\.\d+\.\d+$/), clientId: t.clientId },
      request: { userAttributes: { name: 'Ann' }, validationData: { captcha: 'ok' }, clientMetadata: { plan: 'free' } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    expect(fns.events[1]).toMatchObject({
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      userName: answer.UserSub,
      request: {
        userAttributes: { sub: answer.UserSub, email: 'ann@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
      },
    });
    expect(await statusOf('ann@example.com')).toBe('CONFIRMED');
  });

  it('refuses the sign-up with the function error, and creates no user', async () => {
    await start((fns) => ({ PreSignUp: fns.on('pre-sign-up', fail('Sign-ups are closed')) }));
    expect(await errorOf(signUp('bo@example.com'))).toBe('UserLambdaValidationException: PreSignUp failed with error Sign-ups are closed.');
    expect(await errorOf(statusOf('bo@example.com'))).toBe('UserNotFoundException: User does not exist.');
  });

  it('checks the password policy before it runs the trigger', async () => {
    await start((fns) => ({ PreSignUp: fns.on('pre-sign-up', returnEvent()) }));
    expect(await errorOf(signUp('cy@example.com', { Password: 'short' }))).toMatch(/^InvalidPasswordException/);
    expect(fns.events).toEqual([]);
  });

  it('runs post confirmation on ConfirmSignUp, AdminConfirmSignUp and ConfirmForgotPassword, with their sources', async () => {
    await start((fns) => ({ PostConfirmation: fns.on('post-confirmation', returnEvent()) }));
    await t.confirmedUser('di@example.com');
    await signUp('ed@example.com');
    await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: t.poolId, Username: 'ed@example.com' }));
    await t.cognito.send(new ForgotPasswordCommand({ ClientId: t.clientId, Username: 'di@example.com' }));
    await t.cognito.send(
      new ConfirmForgotPasswordCommand({
        ClientId: t.clientId,
        Username: 'di@example.com',
        ConfirmationCode: t.codeFor('di@example.com', 'ForgotPassword'),
        Password: 'Another-password-77',
      }),
    );
    expect(fns.events.map((event) => [event.triggerSource, event.callerContext.clientId])).toEqual([
      ['PostConfirmation_ConfirmSignUp', t.clientId],
      ['PostConfirmation_ConfirmSignUp', 'CLIENT_ID_NOT_APPLICABLE'],
      ['PostConfirmation_ConfirmForgotPassword', t.clientId],
    ]);
  });

  it('answers a failed post confirmation with its error, and the user stays confirmed', async () => {
    await start((fns) => ({ PostConfirmation: fns.on('post-confirmation', fail('Directory is down')) }));
    await signUp('fay@example.com');
    const confirm = t.cognito.send(
      new ConfirmSignUpCommand({
        ClientId: t.clientId,
        Username: 'fay@example.com',
        ConfirmationCode: t.codeFor('fay@example.com', 'SignUp'),
      }),
    );
    expect(await errorOf(confirm)).toBe('UserLambdaValidationException: PostConfirmation failed with error Directory is down.');
    expect(await statusOf('fay@example.com')).toBe('CONFIRMED');
  });

  it('runs pre sign-up for AdminCreateUser and ignores its flags', async () => {
    await start((fns) => ({
      PreSignUp: fns.on(
        'pre-sign-up',
        returnEvent((event) => Object.assign(event.response, { autoConfirmUser: true })),
      ),
    }));
    await t.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: t.poolId,
        Username: 'gus@example.com',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: PASSWORD,
      }),
    );
    expect(fns.events.map((event) => [event.triggerSource, event.callerContext.clientId])).toEqual([
      ['PreSignUp_AdminCreateUser', 'CLIENT_ID_NOT_APPLICABLE'],
    ]);
    expect(await statusOf('gus@example.com')).toBe('FORCE_CHANGE_PASSWORD');
  });

  it('lets a trigger call the emulator back while it runs', async () => {
    await start((fns) => ({
      PreSignUp: fns.on('pre-sign-up', async (event) => {
        const { Users = [] } = await t.cognito.send(
          new ListUsersCommand({ UserPoolId: event.userPoolId, Filter: 'email = "hal@example.com"' }),
        );
        return Users.length > 0 ? fail('Email taken')() : returnEvent()(event);
      }),
    }));
    await expect(signUp('ida@example.com')).resolves.toHaveProperty('UserSub');
  });
});

describe('Cognito emulator: authentication triggers', () => {
  it('runs pre authentication with the attributes and ClientMetadata, and refuses the sign-in when it fails', async () => {
    let allow = true;
    await start((fns) => ({
      PreAuthentication: fns.on('pre-authentication', (event) => (allow ? returnEvent()(event) : fail('Blocked')())),
    }));
    await t.confirmedUser('jo@example.com');
    fns.events.length = 0;
    await t.signIn('jo@example.com');
    expect(fns.events[0]).toMatchObject({
      triggerSource: 'PreAuthentication_Authentication',
      request: { userAttributes: { email: 'jo@example.com', 'cognito:user_status': 'CONFIRMED' }, userNotFound: false },
    });
    allow = false;
    expect(await errorOf(t.signIn('jo@example.com'))).toBe('UserLambdaValidationException: PreAuthentication failed with error Blocked.');
  });

  it('runs pre authentication for an unknown user only when the client hides unknown users', async () => {
    await start((fns) => ({ PreAuthentication: fns.on('pre-authentication', returnEvent()) }));
    expect(await errorOf(t.signIn('nobody@example.com'))).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(fns.events[0]).toMatchObject({ userName: 'nobody@example.com', request: { userAttributes: {}, userNotFound: true } });
    const legacy = await t.client({ PreventUserExistenceErrors: 'LEGACY' });
    expect(await errorOf(t.signIn('nobody@example.com', PASSWORD, legacy))).toBe('UserNotFoundException: User does not exist.');
    expect(fns.events).toHaveLength(1);
  });

  it('runs post authentication and pre token generation after the last challenge, and on refresh pre token generation only', async () => {
    await start((fns) => ({
      PreAuthentication: fns.on('pre-authentication', returnEvent()),
      PostAuthentication: fns.on('post-authentication', returnEvent()),
      PreTokenGeneration: fns.on(
        'pre-token-generation',
        returnEvent((event) => {
          event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { plan: 'pro', sub: 'forged' }, claimsToSuppress: ['name'] } };
        }),
      ),
    }));
    await t.confirmedUser('kim@example.com');
    await t.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: t.poolId,
        Username: 'lee@example.com',
        TemporaryPassword: PASSWORD,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'name', Value: 'Lee' }],
      }),
    );
    fns.events.length = 0;
    const { AuthenticationResult } = await t.signIn('kim@example.com');
    const id = claimsOf(AuthenticationResult?.IdToken);
    expect(id).toMatchObject({ plan: 'pro', sub: claimsOf(AuthenticationResult?.AccessToken).sub });
    expect(claimsOf(AuthenticationResult?.AccessToken).plan).toBeUndefined();
    await t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.clientId, RefreshToken: AuthenticationResult?.RefreshToken }));
    const challenge = await t.signIn('lee@example.com');
    const done = await t.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: t.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'lee@example.com', NEW_PASSWORD: 'Another-password-77' },
        ClientMetadata: { device: 'kiosk' },
      }),
    );
    expect(claimsOf(done.AuthenticationResult?.IdToken).name).toBeUndefined();
    expect(fns.sources()).toEqual([
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
      'TokenGeneration_RefreshTokens',
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_NewPasswordChallenge',
    ]);
    expect(fns.events[5]).toMatchObject({ request: { newDeviceUsed: false, clientMetadata: { device: 'kiosk' } } });
  });

  it('gives no tokens when post authentication fails', async () => {
    await start((fns) => ({ PostAuthentication: fns.on('post-authentication', fail('Audit log is down')) }));
    await t.confirmedUser('max@example.com');
    expect(await errorOf(t.signIn('max@example.com'))).toBe(
      'UserLambdaValidationException: PostAuthentication failed with error Audit log is down.',
    );
  });

  it('customises the access token and its scopes with a V2_0 pre token generation trigger', async () => {
    await start((fns) => ({
      PreTokenGenerationConfig: {
        LambdaVersion: 'V2_0',
        LambdaArn: fns.on(
          'pre-token-generation',
          returnEvent((event) => {
            event.response = {
              claimsAndScopeOverrideDetails: {
                accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, scopesToAdd: ['messages/read'] },
                idTokenGeneration: { claimsToSuppress: ['email'] },
                groupOverrideDetails: { groupsToOverride: ['admins'] },
              },
            };
          }),
        ),
      },
    }));
    await t.confirmedUser('ned@example.com');
    fns.events.length = 0;
    const { AuthenticationResult } = await t.signIn('ned@example.com');
    expect(fns.events[0]).toMatchObject({ version: '2', request: { scopes: ['aws.cognito.signin.user.admin'] } });
    expect(claimsOf(AuthenticationResult?.AccessToken)).toMatchObject({
      tenant: 'acme',
      scope: 'aws.cognito.signin.user.admin messages/read',
      'cognito:groups': ['admins'],
    });
    expect(claimsOf(AuthenticationResult?.IdToken).email).toBeUndefined();
  });

  it('refuses a V2_0 pre token generation trigger in the Lite plan', async () => {
    t = await startTestEmulator({ tier: 'LITE' });
    const create = t.cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'lite',
        UserPoolTier: 'LITE',
        LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arnOf('pre-token-generation') } },
      }),
    );
    expect(await errorOf(create)).toMatch(/^FeatureUnavailableInTierException/);
  });
});

describe('Cognito emulator: custom message trigger', () => {
  it("sends the function's subject and message with the code in place of {####}", async () => {
    await start((fns) => ({
      CustomMessage: fns.on(
        'custom-message',
        returnEvent((event) => {
          event.response.emailSubject = 'Welcome';
          event.response.emailMessage = `Your code: ${String(event.request.codeParameter)}`;
        }),
      ),
    }));
    await signUp('ola@example.com');
    const [sent] = t.emulator.outbox.list('ola@example.com');
    expect(sent).toMatchObject({ source: 'SignUp', subject: 'Welcome', body: `Your code: ${sent?.code ?? ''}` });
    expect(fns.events[0]).toMatchObject({
      triggerSource: 'CustomMessage_SignUp',
      request: { codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    });
  });

  it("sends Cognito's own message when the function's has no code, and names the user in an invitation", async () => {
    await start((fns) => ({
      CustomMessage: fns.on(
        'custom-message',
        returnEvent((event) => {
          event.response.emailMessage =
            event.triggerSource === 'CustomMessage_AdminCreateUser'
              ? `Hello ${String(event.request.usernameParameter)}, password ${String(event.request.codeParameter)}`
              : 'No code here';
        }),
      ),
    }));
    await signUp('pia@example.com');
    expect(t.emulator.outbox.list('pia@example.com')[0]?.body).toBeUndefined();
    const { User } = await t.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: t.poolId,
        Username: 'quin@example.com',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'quin@example.com' }],
      }),
    );
    const [invitation] = t.emulator.outbox.list('quin@example.com');
    expect(invitation?.body).toBe(`Hello ${User?.Username ?? ''}, password ${invitation?.code ?? ''}`);
  });
});

describe('Cognito emulator: trigger failures', () => {
  it('tries a function that does not answer 3 times, then answers UnexpectedLambdaException', async () => {
    await start((fns) => ({ PreSignUp: fns.on('pre-sign-up', () => new Promise<TriggerResult>(() => undefined)) }));
    expect(await errorOf(signUp('ray@example.com'))).toBe(
      'UnexpectedLambdaException: PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.',
    );
    expect(fns.events).toHaveLength(3);
  });

  it('answers a result that is not an event, or a wrongly typed field, with InvalidLambdaResponseException', async () => {
    let payload: unknown = null;
    await start((fns) => ({ PreSignUp: fns.on('pre-sign-up', () => ({ ok: true, payload })) }));
    expect(await errorOf(signUp('sal@example.com'))).toBe('InvalidLambdaResponseException: Invalid lambda function output : Invalid JSON');
    payload = { response: { autoConfirmUser: 'yes' } };
    expect(await errorOf(signUp('sal@example.com'))).toBe('InvalidLambdaResponseException: Unrecognizable lambda output');
  });

  it('answers a function that does not exist with UnexpectedLambdaException', async () => {
    await start(() => ({ PreSignUp: arnOf('missing') }));
    expect(await errorOf(signUp('tim@example.com'))).toBe(
      'UnexpectedLambdaException: PreSignUp invocation failed due to error ResourceNotFoundException.',
    );
  });

  it('refuses a trigger the emulator does not run yet, rather than skipping it', async () => {
    await start(() => ({}));
    const update = t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: t.poolId, LambdaConfig: { UserMigration: arnOf('migrate') } }));
    expect(await errorOf(update)).toBe(
      'InvalidParameterException: The UserMigration trigger is not supported by the local Cognito emulator yet',
    );
  });
});

// npm run user -- create <email> | login <email>: an operator's user tool, against the running
// local stack (default), a deployed stack (--stack NAME) or explicit ids (--user-pool-id, --client-id).
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  type AdminInitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { secretHashFor } from '@authapi/shared/cognito';
import { DEFAULT_STATE_FILE } from './options.js';
import { LOCAL_CREDENTIALS } from './stack.js';
import { runningState } from './state.js';

const USAGE = `Usage:
  npm run user -- create <email> [--password P] [--name NAME]   AdminCreateUser, then set the password
  npm run user -- login <email> [--password P] [--code 123456]  sign in and print the tokens
Target (default: the running local stack):
  --stack NAME                  a deployed stack (reads its outputs; AWS credentials from the usual chain)
  --user-pool-id ID --client-id ID [--endpoint URL] [--region R]
  --state-file FILE             the local stack's state file (default local-env.json)`;

interface Target {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
}

async function targetOf(
  values: Partial<Record<'stack' | 'user-pool-id' | 'client-id' | 'endpoint' | 'region' | 'state-file', string>>,
): Promise<Target> {
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  if (values.stack) {
    const { Stacks = [] } = await new CloudFormationClient({ region }).send(new DescribeStacksCommand({ StackName: values.stack }));
    const outputs = Object.fromEntries((Stacks[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
    if (!outputs.UserPoolId || !outputs.UserPoolClientId)
      throw new Error(`Stack ${values.stack} has no UserPoolId/UserPoolClientId outputs`);
    const stackRegion = outputs.Region || region;
    return {
      cognito: new CognitoIdentityProviderClient({ region: stackRegion }),
      userPoolId: outputs.UserPoolId,
      clientId: outputs.UserPoolClientId,
    };
  }
  if (values['user-pool-id'] && values['client-id']) {
    const endpoint = values.endpoint;
    const cognito = new CognitoIdentityProviderClient({ region, ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}) });
    return { cognito, userPoolId: values['user-pool-id'], clientId: values['client-id'] };
  }
  const state = runningState(values['state-file'] ?? DEFAULT_STATE_FILE);
  if (!state) throw new Error('No local stack is running (npm start); pass --stack NAME or --user-pool-id and --client-id');
  const cognito = new CognitoIdentityProviderClient({
    region: state.region,
    endpoint: state.cognitoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  return { cognito, userPoolId: state.userPoolId, clientId: state.clientId };
}

/** Reads a line from the terminal; `hidden` does not echo it (passwords). */
async function prompt(question: string, hidden = false): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(question);
  if (!stdin.isTTY) throw new Error(`${question.trim()} needs a terminal; pass it as an option`);
  stdin.setRawMode(hidden);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let answer = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\u0003') process.exit(130);
        if (char === '\r' || char === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          stdout.write('\n');
          resolve(answer);
          return;
        }
        answer = char === '\u007f' ? answer.slice(0, -1) : answer + char;
      }
    };
    stdin.on('data', onData);
  });
}

/** A temporary password that meets any pool policy: upper, lower, digit and symbol, 20 characters. */
function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=_'];
  const all = sets.join('');
  const chars = [...sets.map((set) => set[randomInt(set.length)]), ...Array.from({ length: 16 }, () => all[randomInt(all.length)])];
  return chars.sort(() => randomInt(3) - 1).join('');
}

async function authenticate(target: Target, email: string, password: string, options: { code?: string; newPassword?: string }) {
  const { ClientSecret } =
    (await target.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: target.userPoolId, ClientId: target.clientId })))
      .UserPoolClient ?? {};
  const secretHash = (username: string): Record<string, string> =>
    ClientSecret ? { SECRET_HASH: secretHashFor(username, target.clientId, ClientSecret) } : {};
  let result: AdminInitiateAuthCommandOutput = await target.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: target.userPoolId,
      ClientId: target.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password, ...secretHash(email) },
    }),
  );
  while (result.ChallengeName) {
    const responses: Record<string, string> = { USERNAME: result.ChallengeParameters?.USER_ID_FOR_SRP ?? email };
    if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED')
      responses.NEW_PASSWORD = options.newPassword ?? (await prompt('New password: ', true));
    else if (result.ChallengeName === 'SOFTWARE_TOKEN_MFA')
      responses.SOFTWARE_TOKEN_MFA_CODE = options.code ?? (await prompt('Authenticator code: '));
    else throw new Error(`Challenge ${result.ChallengeName} is not handled by this tool`);
    result = await target.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: target.userPoolId,
        ClientId: target.clientId,
        ChallengeName: result.ChallengeName,
        Session: result.Session,
        ChallengeResponses: { ...responses, ...secretHash(responses.USERNAME ?? email) },
      }),
    );
  }
  const tokens = result.AuthenticationResult;
  return {
    accessToken: tokens?.AccessToken,
    idToken: tokens?.IdToken,
    refreshToken: tokens?.RefreshToken,
    expiresIn: tokens?.ExpiresIn,
    tokenType: 'Bearer',
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      password: { type: 'string' },
      name: { type: 'string' },
      code: { type: 'string' },
      stack: { type: 'string' },
      'user-pool-id': { type: 'string' },
      'client-id': { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'state-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  const [command, given] = positionals;
  // Normalised as the API normalises every email (trim, lower case): the emulators compare emails
  // with their case, so `Ops@Example.com` created here could not sign in through the API.
  const email = given?.trim().toLowerCase();
  if (values.help || !email || (command !== 'create' && command !== 'login')) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const target = await targetOf(values);
  if (command === 'create') {
    const temporary = temporaryPassword();
    await target.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: target.userPoolId,
        Username: email,
        TemporaryPassword: temporary,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          ...(values.name ? [{ Name: 'name', Value: values.name }] : []),
        ],
      }),
    );
    const newPassword = values.password ?? (await prompt(`Password for ${email}: `, true));
    console.log(JSON.stringify(await authenticate(target, email, temporary, { newPassword }), null, 2));
    return;
  }
  const password = values.password ?? (await prompt(`Password for ${email}: `, true));
  console.log(JSON.stringify(await authenticate(target, email, password, { ...(values.code ? { code: values.code } : {}) }), null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});

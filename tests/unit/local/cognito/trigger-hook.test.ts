// The local stack's trigger hook: the ARN a pool's LambdaConfig gives (as the template's !GetAtt
// resolves it) runs that function in a worker thread, as `npm start` runs the API's functions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminGetUserCommand, SignUpCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { LocalFunction } from '../../../../local/lambda.js';
import { localContext, triggerHook } from '../../../../local/stack.js';
import { PASSWORD, startTestEmulator, type TestEmulator } from './emulator.js';

// A pre sign-up function: confirms everyone, except a name it refuses.
const HANDLER = `
export const handler = async (event) => {
  if (event.request.userAttributes.name === 'Mallory') throw new Error('Not this one');
  event.response.autoConfirmUser = true;
  return event;
};
`;

const dir = mkdtempSync(join(tmpdir(), 'auth-api-trigger-'));
writeFileSync(join(dir, 'index.mjs'), HANDLER);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let t: TestEmulator;
let fn: LocalFunction;
afterEach(async () => {
  await t.stop();
  await fn.stop();
});

describe('local stack: Cognito triggers run the template functions', () => {
  it("invokes the function a LambdaConfig ARN names (the template's function ARN), and maps its error", async () => {
    const ctx = localContext({ stackName: 'test', region: 'us-east-1', parameters: {} });
    const [id = ''] = Object.entries(ctx.template.Resources).find(([, resource]) => resource.Type === 'AWS::Serverless::Function') ?? [];
    fn = new LocalFunction(
      { id, file: join(dir, 'index.mjs'), handlerName: 'handler', environment: {}, timeoutSeconds: 3, memorySize: 128 },
      () => undefined,
    );
    t = await startTestEmulator({ invokeTrigger: triggerHook(ctx, () => new Map([[id, fn]])) });
    const arn = String(ctx.resources[id]?.attributes?.Arn);
    expect(arn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:test-${id}`);
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: t.poolId, LambdaConfig: { PreSignUp: `${arn}:live` } }));

    await t.cognito.send(new SignUpCommand({ ClientId: t.clientId, Username: 'una@example.com', Password: PASSWORD }));
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: t.poolId, Username: 'una@example.com' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    const refused = t.cognito.send(
      new SignUpCommand({
        ClientId: t.clientId,
        Username: 'mal@example.com',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'Mallory' }],
      }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Not this one.',
    });
  });
});

// Creates the template's user pools and app clients on a Cognito endpoint (the embedded emulator or
// another Cognito-compatible one) from their resource properties, or finds them by name when they
// exist already (a kept data directory), and records their ids for !Ref / !GetAtt.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { textOf } from '../scripts/lib/template.js';
import { resolvedProperties, type ResolveContext } from './resolve.js';

const idsOfType = (ctx: ResolveContext, type: string) =>
  Object.entries(ctx.template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);

async function ensureUserPool(cognito: CognitoIdentityProviderClient, ctx: ResolveContext, id: string): Promise<void> {
  // CloudFormation's UserPoolName is the API's PoolName; EnabledMfas is set with SetUserPoolMfaConfig.
  const { UserPoolName, EnabledMfas, ...properties } = resolvedProperties(ctx, id);
  const name = textOf(UserPoolName ?? `${ctx.stackName}-${id}`);
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let poolId = UserPools.find((pool) => pool.Name === name)?.Id;
  if (!poolId) {
    const input = { ...properties, PoolName: name } as CreateUserPoolCommandInput;
    poolId = (await cognito.send(new CreateUserPoolCommand(input))).UserPool?.Id;
    if (!poolId) throw new Error(`CreateUserPool ${name} returned no id`);
    const mfas = (EnabledMfas ?? []) as string[];
    if (mfas.includes('SOFTWARE_TOKEN_MFA')) {
      await cognito.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: input.MfaConfiguration,
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      );
    }
  }
  const arn = `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${poolId}`;
  ctx.resources[id] = { ref: poolId, attributes: { Arn: arn, ProviderName: `cognito-idp.${ctx.region}.amazonaws.com/${poolId}` } };
}

async function ensureClient(cognito: CognitoIdentityProviderClient, ctx: ResolveContext, id: string): Promise<void> {
  const properties = resolvedProperties(ctx, id) as unknown as CreateUserPoolClientCommandInput;
  const name = properties.ClientName ?? `${ctx.stackName}-${id}`;
  const { UserPoolClients = [] } = await cognito.send(
    new ListUserPoolClientsCommand({ UserPoolId: properties.UserPoolId, MaxResults: 60 }),
  );
  let clientId = UserPoolClients.find((client) => client.ClientName === name)?.ClientId;
  clientId ??= (await cognito.send(new CreateUserPoolClientCommand({ ...properties, ClientName: name }))).UserPoolClient?.ClientId;
  if (!clientId) throw new Error(`CreateUserPoolClient ${name} returned no id`);
  const { UserPoolClient } = await cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: properties.UserPoolId, ClientId: clientId }),
  );
  ctx.resources[id] = {
    ref: clientId,
    attributes: { Name: name, ...(UserPoolClient?.ClientSecret ? { ClientSecret: UserPoolClient.ClientSecret } : {}) },
  };
}

/** Every AWS::Cognito::UserPool, then every AWS::Cognito::UserPoolClient (which refer to the pools). */
export async function provisionUserPools(cognito: CognitoIdentityProviderClient, ctx: ResolveContext): Promise<void> {
  for (const id of idsOfType(ctx, 'AWS::Cognito::UserPool')) await ensureUserPool(cognito, ctx, id);
  for (const id of idsOfType(ctx, 'AWS::Cognito::UserPoolClient')) await ensureClient(cognito, ctx, id);
}

// An app on Amplify JS v6, in a Node process of its own that answers amplify.test.ts's calls over IPC. Not inside
// jest: jest's sandboxed globals make Amplify's SRP arithmetic (its BigInteger) about 50 times slower, seconds
// per sign-in that block the event loop past the local Cognito's 5-second keep-alive.
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';

/** What Amplify asked Cognito since the last `cognitoOperations` call: each operation with its AuthFlow or ChallengeName. */
const operations: string[] = [];
const fetchOfNode = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const target = new Headers(init?.headers).get('x-amz-target');
  if (target && typeof init?.body === 'string') {
    const body = JSON.parse(init.body) as { AuthFlow?: string; ChallengeName?: string };
    operations.push([target.split('.').pop(), body.AuthFlow ?? body.ChallengeName].filter(Boolean).join(' '));
  }
  return fetchOfNode(input, init);
};

const calls = {
  configure: async (config: ResourcesConfig) => Amplify.configure(config),
  signUp,
  confirmSignUp,
  signIn,
  signOut,
  getCurrentUser,
  /** The access token of the session Amplify keeps, if any; `forceRefresh` refreshes it first. */
  accessToken: async (options?: { forceRefresh: boolean }) => (await fetchAuthSession(options)).tokens?.accessToken.toString(),
  cognitoOperations: async () => operations.splice(0),
};
export type AmplifyCalls = typeof calls;

export interface Request {
  id: number;
  name: keyof AmplifyCalls;
  input: unknown;
}
export type Reply = { id: number; value: unknown } | { id: number; error: { name: string; message: string } };

process.on('message', (request: Request) => {
  const call = calls[request.name] as (input: unknown) => Promise<unknown>;
  call(request.input).then(
    (value) => process.send?.({ id: request.id, value } satisfies Reply),
    (error: Error) => process.send?.({ id: request.id, error: { name: error.name, message: error.message } } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));

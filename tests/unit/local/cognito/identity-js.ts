// amazon-cognito-identity-js's default sign-in (USER_SRP_AUTH, then PASSWORD_VERIFIER), run in a
// worker thread: as an app runs it, outside jest's module sandbox, where its big-integer arithmetic
// takes seconds instead of milliseconds.
import { Worker } from 'node:worker_threads';

const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');
const { endpoint, poolId, clientId, username, password } = workerData;
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });
const user = new CognitoUser({ Username: username, Pool: pool });
user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
  onSuccess: (session) => parentPort.postMessage('tokens for ' + session.getAccessToken().decodePayload().sub),
  onFailure: (error) => parentPort.postMessage((error.code || error.name) + ': ' + error.message),
  totpRequired: (challengeName) => parentPort.postMessage(challengeName),
  newPasswordRequired: () => parentPort.postMessage('NEW_PASSWORD_REQUIRED'),
});
`;

export interface SrpSignIn {
  endpoint: string;
  poolId: string;
  clientId: string;
  username: string;
  password: string;
}

/** "tokens for <sub>", the challenge that follows, or "<error name>: <message>". */
export async function identityJsSignIn(request: SrpSignIn): Promise<string> {
  const worker = new Worker(CLIENT, { eval: true, workerData: request });
  try {
    return await new Promise<string>((resolve, reject) => {
      worker.once('message', (message: string) => resolve(message));
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

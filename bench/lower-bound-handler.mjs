// The lower bound of a cold request that calls AWS: an empty handler that makes one HTTPS request (the
// same POST as a Cognito GetUser, to the same endpoint) and parses the JSON answer, with nothing else:
// no SDK, no signing, no Powertools. node:https loads at init, where a full core is assumed.
import { request } from 'node:https';

export const handler = async () => {
  const body = JSON.stringify({ AccessToken: 'eyJ.access.token' });
  const answer = await new Promise((resolve, reject) => {
    const outgoing = request(
      `${process.env.COGNITO_ENDPOINT}/`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
  return { statusCode: 200, body: JSON.stringify({ sub: answer.Username }) };
};

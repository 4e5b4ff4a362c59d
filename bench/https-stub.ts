// A local stand-in for the AWS endpoints a cold start calls: HTTPS on 127.0.0.1 with a certificate made
// for this run (a CA of its own, which the children trust through NODE_EXTRA_CA_CERTS), answering every
// operation with a minimal success (bench/aws-answers.ts). The first invocation then runs what it runs
// on Lambda: TLS handshake and certificate check, signing, request, response parsing.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { answerFor } from './aws-answers.js';

export interface AwsStub {
  /** https://127.0.0.1:<port> */
  url: string;
  /** The PEM file of the CA that signed the stub's certificate. */
  caFile: string;
  /** Requests answered, by X-Amz-Target; operations the stub does not know are counted under `unknown: <target>`. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`the bench makes its TLS certificate with the openssl command: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`openssl ${args[0] ?? ''} failed:\n${result.stderr}`);
}

/**
 * A CA and a certificate for 127.0.0.1 signed by it, in `dir`. RSA 2048, as AWS endpoints' certificates
 * are, so that the client checks the same kind of signatures.
 */
export function makeCertificate(dir: string): { caFile: string; keyFile: string; certFile: string } {
  const file = (name: string) => join(dir, name);
  const common = ['-days', '2', '-sha256'];
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca-key.pem'),
    '-out',
    file('ca.pem'),
    '-subj',
    '/CN=auth-api bench CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    ...common,
  ]);
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('key.pem'), '-out', file('cert.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(
    file('cert.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    file('cert.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-out',
    file('cert.pem'),
    '-extfile',
    file('cert.ext'),
    ...common,
  ]);
  return { caFile: file('ca.pem'), keyFile: file('key.pem'), certFile: file('cert.pem') };
}

/** Starts the stub with a certificate made in `dir` (a temporary folder the caller removes). */
export async function startAwsStub(dir: string): Promise<AwsStub> {
  const { caFile, keyFile, certFile } = makeCertificate(dir);
  const requests = new Map<string, number>();
  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const answer = answerFor(typeof target === 'string' ? target : undefined, Buffer.concat(chunks).toString('utf8'));
      const key = answer ? String(target) : `unknown: ${String(target)}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      if (!answer) {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'bench' });
        response.end(
          JSON.stringify({ __type: 'UnknownOperationException', message: `the bench stub has no answer for ${String(target)}` }),
        );
        return;
      }
      response.writeHead(200, {
        'content-type': answer.contentType,
        'x-amzn-requestid': 'bench',
        'content-length': Buffer.byteLength(answer.body),
      });
      response.end(answer.body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caFile,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

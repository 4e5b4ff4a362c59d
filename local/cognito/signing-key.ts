// The emulator's RS256 signing key: one per stack, kept in a PEM file when there is one (the data
// directory's, or one a test names to forge tokens with it), generated otherwise.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as a JWK, as Cognito's JWKS lists it. */
  jwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

function signingKeyOf(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const kid = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' } };
}

/** The key in `file`, or a new one written there (atomically: temp file + rename); in memory without a file. */
export function loadSigningKey(file?: string): SigningKey {
  if (file && existsSync(file)) return signingKeyOf(createPrivateKey(readFileSync(file, 'utf8')));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    renameSync(temporary, file);
  }
  return signingKeyOf(privateKey);
}

// The emulator's RS256 signing keys: one for access tokens, one for ID tokens, as a Cognito user pool's
// JWKS lists two keys and signs each kind of token with its own. One pair per stack, kept in a PEM file
// when there is one (the data directory's, or one a test names to forge tokens with it).
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
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

export interface SigningKeys {
  access: SigningKey;
  id: SigningKey;
}

function signingKeyOf(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const kid = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' } };
}

const PEM_BLOCK = /-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/g;
const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/**
 * The keys in `file` (two PEM blocks: the access tokens' key first), or new ones written there
 * (atomically: temp file + rename); in memory without a file.
 */
export function loadSigningKeys(file?: string): SigningKeys {
  if (file && existsSync(file)) {
    const [access, id, ...rest] = readFileSync(file, 'utf8').match(PEM_BLOCK) ?? [];
    if (!access || !id || rest.length > 0) throw new Error(`${file} does not hold the two signing keys the emulator writes`);
    return { access: signingKeyOf(createPrivateKey(access)), id: signingKeyOf(createPrivateKey(id)) };
  }
  const keys = [newKey(), newKey()] as const;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, keys.map((key) => key.export({ type: 'pkcs8', format: 'pem' })).join(''), { mode: 0o600 });
    renameSync(temporary, file);
  }
  return { access: signingKeyOf(keys[0]), id: signingKeyOf(keys[1]) };
}

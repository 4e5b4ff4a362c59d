// SRP-6a as Cognito's USER_SRP_AUTH runs it (the server's side): the RFC 5054 3072-bit group, g = 2,
// k = H(PAD(N) | PAD(g)), x = H(PAD(salt) | H(<pool id after the "_"><username>:<password>)), the
// session key through HKDF-SHA256 ("Caldera Derived Key", 16 bytes) and the claim signature
// HMAC(key, pool | username | secret block | timestamp). The byte-level details (PAD, the hashes of hex
// strings) follow the open-source clients: amazon-cognito-identity-js AuthenticationHelper and
// Amplify's @aws-amplify/auth SRP helpers.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-user-srp-auth
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

/** Hex of a positive integer as a two's-complement byte string: even length, a 00 byte before a high bit. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hashOfHex = (hex: string) => BigInt(`0x${sha256Hex(Buffer.from(hex, 'hex'))}`);

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const k = hashOfHex(padHex(N) + padHex(g));

/** The part of a pool id after the region: what Cognito hashes into x and the claim signature. */
export const poolNameOf = (userPoolId: string) => userPoolId.slice(userPoolId.indexOf('_') + 1);

/** What the server keeps instead of the password: the salt and v = g^x. */
export interface Verifier {
  salt: string;
  verifier: string;
}

function xOf(userPoolId: string, username: string, password: string, salt: string): bigint {
  const identity = sha256Hex(`${poolNameOf(userPoolId)}${username}:${password}`);
  return hashOfHex(padHex(BigInt(`0x${salt}`)) + identity);
}

export function verifierOf(userPoolId: string, username: string, password: string, salt = randomBytes(16).toString('hex')): Verifier {
  return { salt, verifier: modPow(g, xOf(userPoolId, username, password, salt), N).toString(16) };
}

/** The server's secret b and public B = k*v + g^b, for a client's A (refused when A mod N is 0). */
export function serverValues(verifier: Verifier, srpA: string): { b: string; B: string } | undefined {
  const A = BigInt(`0x${srpA}`);
  if (A % N === 0n) return undefined;
  for (;;) {
    const b = BigInt(`0x${randomBytes(32).toString('hex')}`) % N;
    const B = (k * BigInt(`0x${verifier.verifier}`) + modPow(g, b, N)) % N;
    if (B !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

/** The 16-byte key both sides derive: HKDF-SHA256(S, salt = u, info = "Caldera Derived Key"). */
function sessionKey(verifier: Verifier, srpA: string, b: string, B: string): Buffer {
  const A = BigInt(`0x${srpA}`);
  const u = hashOfHex(padHex(A) + padHex(BigInt(`0x${B}`)));
  const S = modPow(A * modPow(BigInt(`0x${verifier.verifier}`), u, N), BigInt(`0x${b}`), N);
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
    .update(Buffer.from(padHex(S), 'hex'))
    .digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

export interface Claim {
  userPoolId: string;
  username: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

/** Whether PASSWORD_CLAIM_SIGNATURE proves the password: HMAC-SHA256(key, pool | username | secret block | timestamp). */
export function claimMatches(verifier: Verifier, exchange: { srpA: string; b: string; B: string }, claim: Claim): boolean {
  const key = sessionKey(verifier, exchange.srpA, exchange.b, exchange.B);
  const expected = createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(poolNameOf(claim.userPoolId), 'utf8'),
        Buffer.from(claim.username, 'utf8'),
        Buffer.from(claim.secretBlock, 'base64'),
        Buffer.from(claim.timestamp, 'utf8'),
      ]),
    )
    .digest();
  const given = Buffer.from(claim.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// The clients' TIMESTAMP: "Tue Sep 25 00:09:40 UTC 2018" (day of the month not padded).
export const TIMESTAMP =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/;

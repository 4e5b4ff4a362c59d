// RFC 6238 TOTP with Cognito's parameters: HMAC-SHA1, 6 digits, 30-second steps, a base32 secret.
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-totp.html
import { createHmac, randomBytes } from 'node:crypto';

const STEP_SECONDS = 30;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32[(value << (5 - bits)) & 31];
  return output;
}

export function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new secret: 32 random bytes, 52 base32 characters without padding, as Cognito's SecretCode. */
export const newTotpSecret = () => base32Encode(randomBytes(32));

export const stepAt = (ms: number) => Math.floor(ms / 1000 / STEP_SECONDS);

/** The code of one time step (RFC 4226 dynamic truncation). */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (hmac[hmac.length - 1] ?? 0) & 15;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * The time step `code` belongs to, if any, allowing one step of clock drift either way (RFC 6238
 * section 5.2's recommendation); steps up to `lastUsedStep` are refused so that a code works once.
 */
export function matchingStep(secret: string, code: string, now: number, lastUsedStep = -1): number | undefined {
  const current = stepAt(now);
  for (const step of [current - 1, current, current + 1]) {
    if (step > lastUsedStep && totpCode(secret, step) === code) return step;
  }
  return undefined;
}

/**
 * The otpauth:// URI authenticator apps read from a QR code.
 * https://github.com/google/google-authenticator/wiki/Key-Uri-Format
 */
export function otpauthUri(secretCode: string, account: string, issuer = process.env.TOTP_ISSUER || 'auth-api'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secretCode}&issuer=${encodeURIComponent(issuer)}`;
}

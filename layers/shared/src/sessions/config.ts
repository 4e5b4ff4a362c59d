// The template's settings for the session functions, read at call time so tests can set them.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function positiveInteger(name: string): number {
  const value = Number(required(name));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The accounts table (template: AccountsTable). */
export const accountsTable = (): string => required('ACCOUNTS_TABLE');

/** How long ago a sensitive change may have signed in (template: RecentSignInMinutes), in seconds. */
export const recentSignInSeconds = (): number => positiveInteger('RECENT_SIGN_IN_MINUTES') * 60;

/** How long a refresh token lives, so its session's record as long (template: RefreshTokenValidityDays), in seconds. */
export const refreshTokenSeconds = (): number => positiveInteger('REFRESH_TOKEN_VALIDITY_DAYS') * 86_400;

/** How long an access token lives, so a tombstone as long (template: AccessTokenValidityMinutes), in seconds. */
export const accessTokenSeconds = (): number => positiveInteger('ACCESS_TOKEN_VALIDITY_MINUTES') * 60;

/** How many sign-in codes one address may be sent per hour (template: EmailCodeLimitPerHour). */
export const emailCodeLimitPerHour = (): number => positiveInteger('EMAIL_CODE_LIMIT_PER_HOUR');

// Checks a target is known not to pass, mirrored row for row by docs/cognito-parity.md
// (known-difference.ts says how they run). moto's rows are moto's deviations from AWS; the emulator's
// are deliberate, each for a reason the doc gives.
import type { KnownDifference } from './known-difference.js';

const differs = (target: string, caseId: string, check: string, answer: string, endsCase = false): KnownDifference => ({
  target,
  case: caseId,
  check,
  kind: 'differs',
  answer,
  ...(endsCase ? { endsCase: true as const } : {}),
});
const lacks = (target: string, caseId: string, check: string, answer: string): KnownDifference => ({
  target,
  case: caseId,
  check,
  kind: 'lacks',
  answer,
});

const NO_SIGN_UP_CODES = 'generates no sign-up code (its ConfirmSignUp checks none)';
const FIXED_TOTP_SECRET = 'one fixed secret for every user, "asdfasdfasdf": not base32 of 16 bytes or more, which otplib refuses';

const moto: KnownDifference[] = [
  differs(
    'moto',
    'sign-up/password-policy',
    'names the broken rule in the message',
    'one message for every rule: "The provided password does not confirm to the configured password policy"',
  ),
  differs('moto', 'sign-up/existing-email', 'refuses the same email', 'the message is the email'),
  differs(
    'moto',
    'sign-up/existing-email',
    'refuses the same email in upper case',
    'compares emails with their case: signs the user up again',
  ),
  lacks('moto', 'confirm-sign-up/right-code', 'a sign-up code was emailed', NO_SIGN_UP_CODES),
  differs('moto', 'confirm-sign-up/wrong-code', 'refuses a wrong code', 'confirms the user with any code', true),
  lacks('moto', 'confirm-sign-up/used-code', 'a sign-up code was emailed', NO_SIGN_UP_CODES),
  differs('moto', 'confirm-sign-up/confirmed-user', 'refuses with NotAuthorizedException', 'confirms the user again, whatever its status'),
  differs(
    'moto',
    'confirm-sign-up/unknown-user',
    'ENABLED: CodeMismatchException',
    'UserNotFoundException "User does not exist.", whatever PreventUserExistenceErrors',
  ),
  differs('moto', 'confirm-sign-up/unknown-user', 'LEGACY: UserNotFoundException', 'message "User does not exist."'),
  lacks('moto', 'resend-code/unconfirmed', 'answers with the masked address', 'no ResendConfirmationCode'),
  lacks('moto', 'resend-code/unknown-user', 'ENABLED: a simulated, masked delivery', 'no ResendConfirmationCode'),
  lacks('moto', 'resend-code/confirmed-user', 'refuses with InvalidParameterException', 'no ResendConfirmationCode'),
  differs(
    'moto',
    'sign-in/password',
    "tokens live as long as the app client's validity settings say",
    'every token lives one hour, whatever the app client says',
  ),
  differs(
    'moto',
    'sign-in/email-case',
    'signs in with the email in upper case',
    'UserNotFoundException: compares usernames with their case',
  ),
  differs(
    'moto',
    'sign-in/unknown-user',
    'ENABLED: NotAuthorizedException',
    'UserNotFoundException "User does not exist.", whatever PreventUserExistenceErrors',
  ),
  differs('moto', 'sign-in/unconfirmed', 'wrong password: UserNotConfirmedException', 'checks the password first: NotAuthorizedException'),
  differs('moto', 'sign-in/flow-not-enabled', 'USER_PASSWORD_AUTH refused', "ignores the app client's ExplicitAuthFlows"),
  differs('moto', 'sign-in/flow-not-enabled', 'ADMIN_USER_PASSWORD_AUTH refused', "ignores the app client's ExplicitAuthFlows"),
  differs(
    'moto',
    'sign-in/flow-not-enabled',
    "REFRESH_TOKEN_AUTH refused on the template's rotating client",
    "ignores the app client's ExplicitAuthFlows and RefreshTokenRotation",
  ),
  differs('moto', 'sign-in/admin-password', 'wrong password: NotAuthorizedException', 'the message is the username'),
  differs('moto', 'sign-in/secret-hash', 'without SECRET_HASH: NotAuthorizedException', 'USER_PASSWORD_AUTH checks no SECRET_HASH'),
  differs('moto', 'sign-in/secret-hash', 'with a wrong SECRET_HASH: NotAuthorizedException', 'USER_PASSWORD_AUTH checks no SECRET_HASH'),
  differs('moto', 'tokens/claims', 'access and ID tokens are signed with different keys', 'one key ("dummy") for both'),
  differs('moto', 'tokens/claims', 'the ID token has the claims of an ID token', 'no email_verified claim'),
  differs('moto', 'tokens/claims', 'both carry the event_id of the sign-in', 'no event_id claim'),
  differs('moto', 'tokens/refresh', 'auth_time stays the time of the sign-in', 'auth_time is the time of the refresh'),
  differs('moto', 'tokens/refresh-invalid', 'refuses a made-up refresh token', 'message "Refresh Token has been revoked"'),
  lacks('moto', 'tokens/revoke', 'revokes the refresh token', 'no RevokeToken'),
  differs('moto', 'get-user/invalid-token', 'a malformed token', 'message "Invalid token"'),
  differs('moto', 'get-user/invalid-token', 'a token whose claims were changed (expired an hour ago)', 'message "Invalid token"'),
  differs('moto', 'sign-out/global', 'GetUser refuses the access token', 'message "Invalid token"'),
  differs('moto', 'sign-out/admin-global', 'GetUser refuses the access token', 'message "Invalid token"'),
  differs('moto', 'change-password/refused', 'a wrong current password', 'the message is the username'),
  lacks('moto', 'delete-user/self', 'deletes the user', 'no DeleteUser'),
  differs(
    'moto',
    'forgot-password/wrong-code',
    'refuses a wrong code',
    'accepts any code not starting with "moto-confirmation-code:" and sets the password',
    true,
  ),
  differs(
    'moto',
    'forgot-password/unknown-user',
    'ENABLED: ForgotPassword answers a simulated, masked delivery',
    'Destination "<username>@h***.com"',
  ),
  differs(
    'moto',
    'forgot-password/unknown-user',
    'ENABLED: ConfirmForgotPassword answers CodeMismatchException',
    'ResourceNotFoundException naming the client id',
  ),
  differs(
    'moto',
    'forgot-password/unknown-user',
    'LEGACY: ForgotPassword answers UserNotFoundException',
    'answers a delivery, whatever PreventUserExistenceErrors',
  ),
  differs(
    'moto',
    'forgot-password/unknown-user',
    'LEGACY: ConfirmForgotPassword answers UserNotFoundException',
    'ResourceNotFoundException naming the client id',
  ),
  differs(
    'moto',
    'forgot-password/unverified-email',
    'LEGACY: InvalidParameterException',
    'sends a reset code to an address that is not verified',
  ),
  differs(
    'moto',
    'forgot-password/unverified-email',
    'ENABLED: no reset code is emailed',
    'sends a reset code to an address that is not verified',
  ),
  differs('moto', 'attributes/email-change', 'answers the masked new address the code went to', 'answers no CodeDeliveryDetailsList'),
  differs(
    'moto',
    'attributes/email-change',
    'the old address stays, verified, until the new one is',
    'changes the email at once; the access token then finds no user',
    true,
  ),
  lacks('moto', 'attributes/wrong-code', 'refuses a wrong code', 'no VerifyUserAttribute'),
  differs(
    'moto',
    'attributes/email-taken',
    'refuses the same email in upper case',
    'compares emails with their case: gives the user the address',
    true,
  ),
  differs('moto', 'mfa/totp-setup', 'AssociateSoftwareToken answers a base32 secret', FIXED_TOTP_SECRET, true),
  differs(
    'moto',
    'mfa/totp-clock-skew',
    "accepts the previous step's code",
    `${FIXED_TOTP_SECRET}; and it accepts the current step's code only`,
  ),
  differs('moto', 'mfa/totp-verify-wrong-code', 'refuses a wrong code', `${FIXED_TOTP_SECRET}; and it answers CodeMismatchException`),
  differs('moto', 'mfa/totp-sign-in', 'the user sets TOTP up', FIXED_TOTP_SECRET, true),
  differs(
    'moto',
    'mfa/setup-challenge',
    'the sign-in answers MFA_SETUP',
    'issues tokens: it asks for MFA_SETUP only after NEW_PASSWORD_REQUIRED',
    true,
  ),
  differs('moto', 'admin/create-user', 'refuses the same email again with UsernameExistsException', 'the message is the username'),
  differs(
    'moto',
    'admin/new-password-required',
    'the sign-in answers NEW_PASSWORD_REQUIRED with the user id and attributes',
    'ChallengeParameters has USERNAME only: no USER_ID_FOR_SRP, requiredAttributes, userAttributes',
  ),
  differs(
    'moto',
    'admin/new-password-required',
    'a session that has been answered is refused',
    'ResourceNotFoundException naming the session',
  ),
  differs(
    'moto',
    'admin/delete-user',
    'sign-in is refused',
    'UserNotFoundException "User does not exist.", whatever PreventUserExistenceErrors',
  ),
];

// The emulator's deliberate differences (docs/cognito-parity.md says why each is worth its cost).
const REVOKED_AS_INVALID =
  'message "Invalid Refresh Token.": an ended session is deleted, so its refresh token is unknown rather than revoked';
const emulator: KnownDifference[] = [
  differs('emulator', 'tokens/revoke', 'the refresh token is refused', REVOKED_AS_INVALID),
  differs('emulator', 'sign-out/global', 'the refresh token is refused', REVOKED_AS_INVALID),
  differs('emulator', 'sign-out/admin-global', 'the refresh token is refused', REVOKED_AS_INVALID),
];

export const knownDifferences: KnownDifference[] = [...moto, ...emulator];

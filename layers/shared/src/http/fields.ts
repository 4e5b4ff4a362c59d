import * as z from './z.js';

// Field schemas shared by the routes. Password strength is Cognito's job (the pool's policy in
// template.yaml); here we only bound sizes to Cognito's API limits.
//
// Each is built the first time it is read: when a function that uses it defines its own schemas as
// it loads, i.e. at the same moment as before. A function that uses none of them (get-me, delete-me,
// setup-totp...) no longer builds all five on its cold start (building zod schemas is most of zod's
// start-up cost). Each is built once.
let email: ReturnType<typeof buildEmail> | undefined;
let password: ReturnType<typeof buildPassword> | undefined;
let confirmationCode: ReturnType<typeof buildConfirmationCode> | undefined;
let totpCode: ReturnType<typeof buildTotpCode> | undefined;
let displayName: ReturnType<typeof buildDisplayName> | undefined;

const buildEmail = () => z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email().check(z.maxLength(254)));
const buildPassword = () => z.string().check(z.minLength(1), z.maxLength(256));
const buildConfirmationCode = () => z.string().check(z.trim(), z.regex(/^\S{1,2048}$/, 'Must be a non-empty code without spaces'));
const buildTotpCode = () => z.string().check(z.trim(), z.regex(/^\d{6}$/, 'Must be a 6-digit code'));
const buildDisplayName = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(256));

export const fields = {
  get email() {
    return (email ??= buildEmail());
  },
  get password() {
    return (password ??= buildPassword());
  },
  get confirmationCode() {
    return (confirmationCode ??= buildConfirmationCode());
  },
  get totpCode() {
    return (totpCode ??= buildTotpCode());
  },
  get displayName() {
    return (displayName ??= buildDisplayName());
  },
};

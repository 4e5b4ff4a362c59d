import * as z from './z.js';

// Field schemas shared by the routes. Password strength is Cognito's job (the pool's policy in
// template.yaml); here we only bound sizes to Cognito's API limits.
//
// Each is built once, the first time it is read, so a function builds only the ones it uses: building
// schemas is most of zod's start-up cost (docs/performance.md).
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

// Every parity case, in the order they run.
import type { ParityCase } from '../harness.js';
import { accessTokenCases } from './access-token.js';
import { adminCases } from './admin.js';
import { attributeCases } from './attributes.js';
import { confirmSignUpCases } from './confirm-sign-up.js';
import { forgotPasswordCases } from './forgot-password.js';
import { listUsersCases } from './list-users.js';
import { mfaCases } from './mfa.js';
import { signInCases } from './sign-in.js';
import { signUpCases } from './sign-up.js';
import { tokenCases } from './tokens.js';

export const parityCases: ParityCase[] = [
  ...signUpCases,
  ...confirmSignUpCases,
  ...signInCases,
  ...tokenCases,
  ...accessTokenCases,
  ...forgotPasswordCases,
  ...attributeCases,
  ...listUsersCases,
  ...mfaCases,
  ...adminCases,
];

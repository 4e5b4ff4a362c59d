import * as z from './z.js';

// Field schemas shared by the routes. Password strength is Cognito's job (the pool's policy in
// template.yaml); here we only bound sizes to Cognito's API limits.
export const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const password = z.string().min(1).max(256);
export const confirmationCode = z.string().trim().regex(/^\S{1,2048}$/, 'Must be a non-empty code without spaces');
export const totpCode = z.string().trim().regex(/^\d{6}$/, 'Must be a 6-digit code');
export const displayName = z.string().trim().min(1).max(256);

// `@authapi/shared/directory`: the users directory in the accounts table (email -> sub, and each account's
// email): the claim every path that confirms or verifies an address makes, the lookups of POST /messages,
// and the scheduled reconciliation with Cognito (docs/messages.md).
export { claimEmail, type ClaimOutcome } from './directory/claim.js';
export { reconcileDirectory, type PoolUser, type ReconcileSummary } from './directory/reconcile.js';
export { emailKey, normalizedEmail, type EmailItem } from './directory/table.js';
export { recipientNotFound, recipientOf, senderEmailOf } from './directory/lookup.js';

// `@authapi/shared/sessions`: the session state the API keeps in the accounts table (docs/sessions.md): the
// session check of every protected route, the record of each sign-in, ending sessions, a deleted account's
// tombstone. It loads the DynamoDB client, never the Cognito helpers.
export { checkedAccountOf } from './sessions/check.js';
export { protectedHandler, type ProtectedHandlerOptions } from './sessions/handler.js';
export { recordingSignIn } from './sessions/sign-in.js';
export { endSessions, writeTombstone } from './sessions/end.js';
export { countEmailCode } from './sessions/email-codes.js';

// Every operation the emulator serves, by its X-Amz-Target name.
import { inOneTransaction, type Flow, type Operation } from '../context.js';
import * as admin from './admin-users.js';
import * as clients from './app-clients.js';
import { listUsers } from './list-users.js';
import * as mfa from './mfa.js';
import * as passkeys from './passkeys.js';
import * as passwords from './passwords.js';
import * as profile from './profile.js';
import * as refresh from './refresh.js';
import * as signIn from './sign-in.js';
import * as signUp from './sign-up.js';
import * as pools from './user-pools.js';

// Each runs in one transaction.
const SYNCHRONOUS: Record<string, Operation> = {
  CreateUserPool: pools.createUserPool,
  DescribeUserPool: pools.describeUserPool,
  UpdateUserPool: pools.updateUserPool,
  ListUserPools: pools.listUserPools,
  DeleteUserPool: pools.deleteUserPool,
  SetUserPoolMfaConfig: pools.setUserPoolMfaConfig,
  GetUserPoolMfaConfig: pools.getUserPoolMfaConfig,
  CreateUserPoolDomain: pools.createUserPoolDomain,
  DescribeUserPoolDomain: pools.describeUserPoolDomain,
  CreateUserPoolClient: clients.createUserPoolClient,
  DescribeUserPoolClient: clients.describeUserPoolClient,
  UpdateUserPoolClient: clients.updateUserPoolClient,
  DeleteUserPoolClient: clients.deleteUserPoolClient,
  ListUserPoolClients: clients.listUserPoolClients,
  CreateResourceServer: clients.createResourceServer,
  DescribeResourceServer: clients.describeResourceServer,
  ListResourceServers: clients.listResourceServers,
  AdminGetUser: admin.adminGetUser,
  AdminDeleteUser: admin.adminDeleteUser,
  AdminDisableUser: admin.adminDisableUser,
  AdminEnableUser: admin.adminEnableUser,
  AdminUpdateUserAttributes: admin.adminUpdateUserAttributes,
  AdminDeleteUserAttributes: admin.adminDeleteUserAttributes,
  AdminUserGlobalSignOut: admin.adminUserGlobalSignOut,
  AdminSetUserMFAPreference: admin.adminSetUserMFAPreference,
  AdminSetUserPassword: passwords.adminSetUserPassword,
  ListUsers: listUsers,
  ChangePassword: passwords.changePassword,
  RevokeToken: refresh.revokeToken,
  GetUser: profile.getUser,
  VerifyUserAttribute: profile.verifyUserAttribute,
  DeleteUserAttributes: profile.deleteUserAttributes,
  DeleteUser: profile.deleteMe,
  GlobalSignOut: profile.globalSignOut,
  AssociateSoftwareToken: mfa.associateSoftwareToken,
  VerifySoftwareToken: mfa.verifySoftwareToken,
  SetUserMFAPreference: mfa.setUserMfaPreference,
  ListWebAuthnCredentials: passkeys.listWebAuthnCredentials,
  DeleteWebAuthnCredential: passkeys.deleteWebAuthnCredential,
};

// Operations that may invoke Lambda triggers: a transaction per step, none across a trigger.
const FLOWS: Record<string, Flow> = {
  StartWebAuthnRegistration: passkeys.startWebAuthnRegistration,
  CompleteWebAuthnRegistration: passkeys.completeWebAuthnRegistration,
  AdminCreateUser: admin.adminCreateUser,
  AdminConfirmSignUp: signUp.adminConfirmSignUp,
  AdminResetUserPassword: passwords.adminResetUserPassword,
  AdminInitiateAuth: signIn.adminInitiateAuth,
  AdminRespondToAuthChallenge: signIn.adminRespondToAuthChallenge,
  SignUp: signUp.signUp,
  ConfirmSignUp: signUp.confirmSignUp,
  ResendConfirmationCode: signUp.resendConfirmationCode,
  ForgotPassword: passwords.forgotPassword,
  ConfirmForgotPassword: passwords.confirmForgotPassword,
  InitiateAuth: signIn.initiateAuth,
  RespondToAuthChallenge: signIn.respondToAuthChallenge,
  GetTokensFromRefreshToken: refresh.getTokensFromRefreshToken,
  UpdateUserAttributes: profile.updateUserAttributes,
  GetUserAttributeVerificationCode: profile.getUserAttributeVerificationCode,
};

export const OPERATIONS: Record<string, Flow> = {
  ...Object.fromEntries(Object.entries(SYNCHRONOUS).map(([name, operation]) => [name, inOneTransaction(operation)])),
  ...FLOWS,
};

// Operations Cognito authorises with a client id, a token or a session instead of IAM (the service
// model's `authtype: none`); every other one needs a SigV4-signed request.
export const PUBLIC_OPERATIONS = new Set([
  'AssociateSoftwareToken',
  'ChangePassword',
  'CompleteWebAuthnRegistration',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'DeleteUser',
  'DeleteUserAttributes',
  'DeleteWebAuthnCredential',
  'ForgotPassword',
  'GetTokensFromRefreshToken',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'GlobalSignOut',
  'InitiateAuth',
  'ListWebAuthnCredentials',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'SetUserMFAPreference',
  'SignUp',
  'StartWebAuthnRegistration',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
]);

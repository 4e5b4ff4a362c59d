// Every operation the emulator serves, by its X-Amz-Target name.
import type { Operation } from '../context.js';
import * as admin from './admin-users.js';
import * as clients from './app-clients.js';
import { listUsers } from './list-users.js';
import * as mfa from './mfa.js';
import * as passwords from './passwords.js';
import * as profile from './profile.js';
import * as refresh from './refresh.js';
import * as signIn from './sign-in.js';
import * as signUp from './sign-up.js';
import * as pools from './user-pools.js';

export const OPERATIONS: Record<string, Operation> = {
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
  AdminCreateUser: admin.adminCreateUser,
  AdminGetUser: admin.adminGetUser,
  AdminDeleteUser: admin.adminDeleteUser,
  AdminDisableUser: admin.adminDisableUser,
  AdminEnableUser: admin.adminEnableUser,
  AdminUpdateUserAttributes: admin.adminUpdateUserAttributes,
  AdminDeleteUserAttributes: admin.adminDeleteUserAttributes,
  AdminUserGlobalSignOut: admin.adminUserGlobalSignOut,
  AdminSetUserMFAPreference: admin.adminSetUserMFAPreference,
  AdminConfirmSignUp: signUp.adminConfirmSignUp,
  AdminSetUserPassword: passwords.adminSetUserPassword,
  AdminResetUserPassword: passwords.adminResetUserPassword,
  AdminInitiateAuth: signIn.adminInitiateAuth,
  AdminRespondToAuthChallenge: signIn.adminRespondToAuthChallenge,
  ListUsers: listUsers,
  SignUp: signUp.signUp,
  ConfirmSignUp: signUp.confirmSignUp,
  ResendConfirmationCode: signUp.resendConfirmationCode,
  ForgotPassword: passwords.forgotPassword,
  ConfirmForgotPassword: passwords.confirmForgotPassword,
  ChangePassword: passwords.changePassword,
  InitiateAuth: signIn.initiateAuth,
  RespondToAuthChallenge: signIn.respondToAuthChallenge,
  GetTokensFromRefreshToken: refresh.getTokensFromRefreshToken,
  RevokeToken: refresh.revokeToken,
  GetUser: profile.getUser,
  UpdateUserAttributes: profile.updateUserAttributes,
  VerifyUserAttribute: profile.verifyUserAttribute,
  GetUserAttributeVerificationCode: profile.getUserAttributeVerificationCode,
  DeleteUserAttributes: profile.deleteUserAttributes,
  DeleteUser: profile.deleteMe,
  GlobalSignOut: profile.globalSignOut,
  AssociateSoftwareToken: mfa.associateSoftwareToken,
  VerifySoftwareToken: mfa.verifySoftwareToken,
  SetUserMFAPreference: mfa.setUserMfaPreference,
};

// Operations Cognito authorises with a client id, a token or a session instead of IAM (the service
// model's `authtype: none`); every other one needs a SigV4-signed request.
export const PUBLIC_OPERATIONS = new Set([
  'AssociateSoftwareToken',
  'ChangePassword',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'DeleteUser',
  'DeleteUserAttributes',
  'ForgotPassword',
  'GetTokensFromRefreshToken',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'GlobalSignOut',
  'InitiateAuth',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'SetUserMFAPreference',
  'SignUp',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
]);

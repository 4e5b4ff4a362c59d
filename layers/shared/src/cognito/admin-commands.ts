// The administrator commands (IAM-authorised, on the template's user pool) the functions send to end
// sessions Cognito's own operations leave alive: after a password change or reset; and to finish a deletion (erase-account).
export { AdminDeleteUserCommand, AdminGetUserCommand, AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';

import type { GetUserCommandOutput } from '@aws-sdk/client-cognito-identity-provider';

export interface Profile {
  sub: string;
  email: string;
  emailVerified: boolean;
  name?: string;
  mfa: { enabled: boolean; preferred?: string };
}

/** GetUser output -> the contract's profile. */
export function profileOf(user: Pick<GetUserCommandOutput, 'UserAttributes' | 'UserMFASettingList' | 'PreferredMfaSetting'>): Profile {
  const attributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
  const mfaMethods = user.UserMFASettingList ?? [];
  return {
    sub: attributes.sub ?? '',
    email: attributes.email ?? '',
    emailVerified: attributes.email_verified === 'true',
    ...(attributes.name ? { name: attributes.name } : {}),
    mfa: {
      enabled: mfaMethods.length > 0,
      ...(user.PreferredMfaSetting ? { preferred: user.PreferredMfaSetting } : {}),
    },
  };
}

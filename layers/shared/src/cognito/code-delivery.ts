import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';

export interface CodeDelivery {
  destination: string;
  medium: string;
}

/** Masks an address the way Cognito does (`j***@e***`), for answers that must not depend on whether the user exists. */
export function maskedEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/**
 * Cognito's delivery details, or the same shape derived from the address when Cognito has none
 * (unknown or already-confirmed user): the answer looks the same either way, so it cannot be used
 * to find out which emails are registered.
 */
export function codeDeliveryFor(email: string, details?: CodeDeliveryDetailsType): CodeDelivery {
  return { destination: details?.Destination ?? maskedEmail(email), medium: details?.DeliveryMedium ?? 'EMAIL' };
}

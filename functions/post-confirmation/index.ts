import { claimEmail } from '@authapi/shared/directory';
import { logger } from '@authapi/shared/http';
import type { Context, PostConfirmationTriggerEvent } from 'aws-lambda';

// Cognito's Post confirmation trigger: ConfirmSignUp, AdminConfirmSignUp and ConfirmForgotPassword
// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html). The
// confirmed address enters the directory; a repeat (a password reset) finds it there and writes nothing.
// A failure is logged, not thrown: the user is confirmed whatever the trigger answers, and the next
// sign-in's Post authentication trigger, or the reconciliation, writes the entry.
export const handler = async (event: PostConfirmationTriggerEvent, context: Context): Promise<PostConfirmationTriggerEvent> => {
  logger.addContext(context);
  const { sub, email } = event.request.userAttributes;
  if (sub && email)
    await claimEmail(sub, email).catch((error: unknown) =>
      logger.error('directory entry not written; the next sign-in or reconciliation writes it', { error, trigger: event.triggerSource }),
    );
  return event;
};

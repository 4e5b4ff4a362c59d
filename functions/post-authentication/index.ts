import { claimEmail } from '@authapi/shared/directory';
import { logger } from '@authapi/shared/http';
import { count } from '@authapi/shared/metrics';
import type { Context, PostAuthenticationTriggerEvent } from 'aws-lambda';

// Cognito's Post authentication trigger, after every sign-in (not a refresh): catches the users no Post
// confirmation saw (created by an administrator) at their first sign-in. Once the entry is right it costs
// two reads and writes nothing. A failure is logged, not thrown: it must not refuse a sign-in; the
// reconciliation writes the entry. It also counts every sign-in Cognito completes, those that bypass the
// API's functions (managed login, a client calling Cognito directly) included (docs/operations.md).
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
export const handler = async (event: PostAuthenticationTriggerEvent, context: Context): Promise<PostAuthenticationTriggerEvent> => {
  logger.addContext(context);
  count('CognitoSignIns');
  const { sub, email } = event.request.userAttributes;
  if (sub && email)
    await claimEmail(sub, email).catch((error: unknown) =>
      logger.error('directory entry not written; the reconciliation writes it', { error, trigger: event.triggerSource }),
    );
  return event;
};

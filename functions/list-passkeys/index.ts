import { accessTokenOf, json, type AuthorizedEvent } from '@authapi/shared/http';
import { passkeysOf } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

export const handler = protectedHandler(async (event: AuthorizedEvent) => json(200, { items: await passkeysOf(accessTokenOf(event)) }));

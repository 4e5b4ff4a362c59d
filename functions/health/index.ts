import { httpHandler, json, type PublicEvent } from '@authapi/shared/http';

export const handler = httpHandler(async (_event: PublicEvent) => json(200, { status: 'ok' }));

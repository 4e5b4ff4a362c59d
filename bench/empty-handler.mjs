// The floor: what the runtime costs with an empty handler.
export const handler = async () => ({ statusCode: 200 });

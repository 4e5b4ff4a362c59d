import { boxKey, createdAtOf, decodeCursor, encodeCursor, isMessageId, itemKey, messageOf, newMessageId } from '@authapi/shared/messages';

describe('message ids', () => {
  it('are ULIDs that sort by creation time, newest last', async () => {
    const first = newMessageId();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const ids = [first, newMessageId(), newMessageId()];
    expect(ids.every(isMessageId)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
  });

  it('carry their creation time', () => {
    const before = Date.now();
    const createdAt = Date.parse(createdAtOf(newMessageId()));
    expect(createdAt).toBeGreaterThanOrEqual(before - 1);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
  });

  it.each(['', 'x', 'USER#a#INBOX', '01KAR1Z5Q8V7N3M2K4J6H8G0FDX', '01KAR1Z5Q8V7N3M2K4J6H8G0FU'])('refuses %p as an id', (id) => {
    expect(isMessageId(id)).toBe(false);
  });
});

describe('keys', () => {
  it('name the owner and the box', () => {
    expect(boxKey('abc', 'inbox')).toBe('USER#abc#INBOX');
    expect(itemKey('abc', 'sent', 'ID')).toEqual({ pk: 'USER#abc#SENT', sk: 'ID' });
  });

  it('are dropped, with any other stored attribute, from the message shown', () => {
    const stored = { pk: 'p', sk: 's', id: 'i', from: { sub: 'a', email: null }, to: { sub: 'b', email: 'b@x' }, subject: 's', body: 'b', createdAt: 'c', extra: 1 };
    expect(messageOf(stored)).toEqual({ id: 'i', from: { sub: 'a', email: null }, to: { sub: 'b', email: 'b@x' }, subject: 's', body: 'b', createdAt: 'c' });
  });
});

describe('cursors', () => {
  const id = newMessageId();

  it('round-trip the last id of a page in one box', () => {
    expect(decodeCursor(encodeCursor('sent', id), 'sent')).toBe(id);
  });

  it.each<[string, () => string, 'inbox' | 'sent']>([
    ['another box', () => encodeCursor('inbox', id), 'sent'],
    ['not base64 JSON', () => '%%%', 'inbox'],
    ['JSON that is not an object', () => Buffer.from('42').toString('base64url'), 'inbox'],
    ['a key that is not a message id', () => Buffer.from(JSON.stringify({ b: 'inbox', k: 'USER#x#INBOX' })).toString('base64url'), 'inbox'],
  ])('are refused with 400 InvalidCursor for %s', (_case, cursor, box) => {
    expect(() => decodeCursor(cursor(), box)).toThrow(expect.objectContaining({ status: 400, code: 'InvalidCursor' }));
  });
});

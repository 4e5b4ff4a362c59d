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

  it('end in 16 random characters of the whole Crockford alphabet', async () => {
    const randomParts = [];
    for (let i = 0; i < 200; i += 1) {
      randomParts.push(newMessageId().slice(10));
      // A new millisecond: a fresh random part, not the previous one plus one.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(new Set(randomParts).size).toBe(200);
    const counts = new Map<string, number>();
    for (const char of randomParts.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    // 3,200 characters over 32: 100 each on average; far outside 40..180 means a skewed source.
    expect([...counts.keys()].sort().join('')).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(Math.min(...counts.values())).toBeGreaterThan(40);
    expect(Math.max(...counts.values())).toBeLessThan(180);
  });

  it('carry their creation time in their first 10 characters', () => {
    expect(createdAtOf('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe('2016-07-30T23:54:10.259Z');
  });

  it('carry the time they were made', () => {
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
    const stored = {
      pk: 'p',
      sk: 's',
      id: 'i',
      from: { sub: 'a', email: null },
      to: { sub: 'b', email: 'b@x' },
      subject: 's',
      body: 'b',
      createdAt: 'c',
      extra: 1,
    };
    expect(messageOf(stored)).toEqual({
      id: 'i',
      from: { sub: 'a', email: null },
      to: { sub: 'b', email: 'b@x' },
      subject: 's',
      body: 'b',
      createdAt: 'c',
    });
  });

  it('keep readAt when the copy was read, and omit it otherwise', () => {
    const stored = {
      pk: 'p',
      sk: 's',
      id: 'i',
      from: { sub: 'a', email: 'a@x' },
      to: { sub: 'b', email: 'b@x' },
      subject: 's',
      body: 'b',
      createdAt: 'c',
    };
    expect(messageOf({ ...stored, readAt: 'r' })).toHaveProperty('readAt', 'r');
    expect(messageOf(stored)).not.toHaveProperty('readAt');
  });
});

describe('cursors', () => {
  const id = newMessageId();

  it.each<'inbox' | 'sent'>(['inbox', 'sent'])('round-trip the last id of a page in the %s', (box) => {
    expect(decodeCursor(encodeCursor(box, id), box)).toBe(id);
  });

  it('are URL-safe and carry only the box and the id (no owner, no key)', () => {
    const cursor = encodeCursor('inbox', id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toEqual({ b: 'inbox', k: id });
  });

  it.each<[string, () => string, 'inbox' | 'sent']>([
    ['another box', () => encodeCursor('inbox', id), 'sent'],
    ['not base64 JSON', () => '%%%', 'inbox'],
    ['JSON that is not an object', () => Buffer.from('42').toString('base64url'), 'inbox'],
    ['an empty string', () => '', 'inbox'],
    ['JSON null', () => Buffer.from('null').toString('base64url'), 'inbox'],
    ['no box', () => Buffer.from(JSON.stringify({ k: id })).toString('base64url'), 'inbox'],
    ['a key that is not a string', () => Buffer.from(JSON.stringify({ b: 'inbox', k: 7 })).toString('base64url'), 'inbox'],
    ['a key that is not a message id', () => Buffer.from(JSON.stringify({ b: 'inbox', k: 'USER#x#INBOX' })).toString('base64url'), 'inbox'],
  ])('are refused with 400 InvalidCursor for %s', (_case, cursor, box) => {
    expect(() => decodeCursor(cursor(), box)).toThrow(expect.objectContaining({ status: 400, code: 'InvalidCursor' }));
  });
});

// The users directory's writes (@authapi/shared/directory) against the local DynamoDB: a claim moves an
// address in one transaction, takes it from a stale holder, skips a deleted account, and the
// reconciliation brings the table in line with a list of the pool's users.
import { DeleteItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { BOXES, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb/local-dynamodb.js';

let local: LocalDynamoDb;
let directory: typeof import('@authapi/shared/directory');
let run = 0;
const sub = (name: string) => `${name}-${run}`;
const address = (name: string) => `${name}-${run}@example.com`;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = local.endpoint;
  process.env.ACCOUNTS_TABLE = BOXES;
  directory = await import('@authapi/shared/directory');
});
afterAll(async () => local?.stop());
beforeEach(() => (run += 1));

/** This test's items of the table: EMAIL# entries as email -> sub, ACCOUNT items' emails as sub -> email. */
async function table(): Promise<{ entries: Record<string, string>; emails: Record<string, string | undefined> }> {
  const items = ((await local.client.send(new ScanCommand({ TableName: BOXES }))).Items ?? []).map((item) => unmarshall(item));
  const mine = items.filter((item) => String(item.pk).endsWith(`-${run}`) || String(item.pk).includes(`-${run}@`));
  return {
    entries: Object.fromEntries(mine.filter((i) => i.sk === 'EMAIL').map((i) => [String(i.pk).slice(6), String(i.sub)])),
    emails: Object.fromEntries(mine.filter((i) => i.sk === 'ACCOUNT').map((i) => [String(i.pk).slice(5), i.email as string | undefined])),
  };
}

const put = (item: Record<string, unknown>) => local.client.send(new PutItemCommand({ TableName: BOXES, Item: marshall(item) }));

describe('claimEmail', () => {
  it('writes the entry and the account together, in lower case, and a repeat changes nothing', async () => {
    expect(await directory.claimEmail(sub('jane'), address('Jane').toUpperCase())).toBe('claimed');
    expect(await table()).toEqual({ entries: { [address('jane')]: sub('jane') }, emails: { [sub('jane')]: address('jane') } });
    expect(await directory.claimEmail(sub('jane'), address('jane'))).toBe('unchanged');
  });

  it('moves an address: the new entry, the account, and the old entry gone', async () => {
    await directory.claimEmail(sub('jane'), address('old'));
    expect(await directory.claimEmail(sub('jane'), address('new'))).toBe('claimed');
    expect(await table()).toEqual({ entries: { [address('new')]: sub('jane') }, emails: { [sub('jane')]: address('new') } });
  });

  it('takes an address from a stale holder, whose account then has no email: never two users with one address', async () => {
    await directory.claimEmail(sub('bob'), address('shared'));
    expect(await directory.claimEmail(sub('jane'), address('shared'))).toBe('claimed');
    expect(await table()).toEqual({
      entries: { [address('shared')]: sub('jane') },
      emails: { [sub('jane')]: address('shared'), [sub('bob')]: undefined },
    });
  });

  it('leaves the old entry when the directory gives it to someone else', async () => {
    await directory.claimEmail(sub('jane'), address('old'));
    await put({ pk: `EMAIL#${address('old')}`, sk: 'EMAIL', sub: sub('bob'), updatedAt: Date.now() });
    await directory.claimEmail(sub('jane'), address('new'));
    expect((await table()).entries).toEqual({ [address('old')]: sub('bob'), [address('new')]: sub('jane') });
  });

  it("skips a deleted account's tombstone", async () => {
    await put({ pk: `USER#${sub('gone')}`, sk: 'ACCOUNT', deletedAt: Date.now(), sessionsEndedAt: Date.now() });
    expect(await directory.claimEmail(sub('gone'), address('gone'))).toBe('skipped');
    expect((await table()).entries).toEqual({});
  });

  it('keeps the session state of an existing ACCOUNT item', async () => {
    await put({ pk: `USER#${sub('jane')}`, sk: 'ACCOUNT', sessionsEndedAt: 1234 });
    await directory.claimEmail(sub('jane'), address('jane'));
    const item = unmarshall(
      ((await local.client.send(new ScanCommand({ TableName: BOXES }))).Items ?? []).find(
        (i) => i.pk?.S === `USER#${sub('jane')}` && i.sk?.S === 'ACCOUNT',
      ) ?? {},
    );
    expect(item).toMatchObject({ sessionsEndedAt: 1234, email: address('jane') });
  });

  it('is all or nothing: with the stale holder changed meanwhile, it reads again and still ends consistent', async () => {
    await directory.claimEmail(sub('bob'), address('shared'));
    const claims = await Promise.all([
      directory.claimEmail(sub('jane'), address('shared')),
      directory.claimEmail(sub('ann'), address('shared')),
    ]);
    expect(claims.filter((c) => c === 'claimed').length).toBeGreaterThanOrEqual(1);
    const { entries, emails } = await table();
    const holder = entries[address('shared')];
    expect(Object.entries(emails).filter(([, email]) => email === address('shared'))).toEqual([[holder, address('shared')]]);
  });
});

describe('reconcileDirectory', () => {
  it("adds the pool's receiving users, removes deleted and disabled ones, and clears a deleted user's account email", async () => {
    await directory.claimEmail(sub('kept'), address('kept'));
    await directory.claimEmail(sub('deleted'), address('deleted'));
    await directory.claimEmail(sub('disabled'), address('disabled'));
    await directory.claimEmail(sub('changed'), address('before'));
    const startedAt = Date.now() + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const summary = await directory.reconcileDirectory(
      [
        { sub: sub('kept'), email: address('kept'), receives: true },
        { sub: sub('disabled'), email: address('disabled'), receives: false },
        { sub: sub('changed'), email: address('after'), receives: true },
        { sub: sub('admin'), email: address('admin'), receives: true },
        { sub: sub('unconfirmed'), email: address('unconfirmed'), receives: false },
      ],
      startedAt,
    );
    expect(await table()).toEqual({
      entries: { [address('kept')]: sub('kept'), [address('after')]: sub('changed'), [address('admin')]: sub('admin') },
      emails: {
        [sub('kept')]: address('kept'),
        [sub('disabled')]: address('disabled'),
        [sub('changed')]: address('after'),
        [sub('admin')]: address('admin'),
        [sub('deleted')]: undefined,
      },
    });
    expect(summary.claimed).toBe(2);
  });

  it('leaves alone what was written after the run began (a sign-up the list missed)', async () => {
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await directory.claimEmail(sub('new'), address('new'));
    await directory.reconcileDirectory([], startedAt);
    expect((await table()).entries).toEqual({ [address('new')]: sub('new') });
  });

  it('removes an entry whose account item is gone', async () => {
    await put({ pk: `EMAIL#${address('orphan')}`, sk: 'EMAIL', sub: sub('orphan'), updatedAt: 1 });
    await directory.reconcileDirectory([], Date.now());
    expect((await table()).entries).toEqual({});
    await local.client.send(new DeleteItemCommand({ TableName: BOXES, Key: marshall({ pk: `EMAIL#${address('orphan')}`, sk: 'EMAIL' }) }));
  });
});

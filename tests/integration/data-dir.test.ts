// npm start -- --data-dir: users and messages outlive the process (the other suites run without it,
// with the pools and tables in memory).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(120_000);

const dataDir = mkdtempSync(join(tmpdir(), 'auth-api-data-'));
const buildDir = mkdtempSync(join(tmpdir(), 'auth-api-built-'));
const alice = uniqueEmail('alice');
const bob = uniqueEmail('bob');
let stack: TestStack | undefined;

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
});

it('keeps users and messages in the data directory from one run to the next', async () => {
  stack = await startTestStack({ dataDir, buildDir });
  const aliceToken = await stack.signedInUser(alice);
  await stack.signedInUser(bob);
  const sent = await stack.call('POST', '/messages', { token: aliceToken, body: { to: bob, subject: 'Kept?', body: 'Across runs.' } });
  expect(sent.status).toBe(201);
  await stack.stop();
  stack = undefined;

  expect(readdirSync(join(dataDir, 'cognito'))).toContain('cognito.sqlite');

  // The second run reuses the functions the first one built.
  stack = await startTestStack({ dataDir, buildDir, build: false });
  const signIn = await stack.call('POST', '/auth/sign-in', { body: { email: bob, password: PASSWORD } });
  expect(signIn.status).toBe(200);
  const inbox = await stack.call('GET', '/messages', { token: String(signIn.body?.accessToken) });
  expect(inbox.status).toBe(200);
  expect(inbox.body?.items).toEqual([expect.objectContaining({ subject: 'Kept?', from: expect.objectContaining({ email: alice }) })]);
});

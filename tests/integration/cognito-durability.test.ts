// The Cognito emulator's state in a data directory: every acknowledged change survives SIGKILL, a
// damaged file stops the start, and sign-in/sign-out cycles leave the stored state as they found it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';

jest.setTimeout(180_000);

const PASSWORD = 'Correct-horse-battery-42';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-durable-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Running {
  endpoint: string;
  poolId: string;
  clientId: string;
  cognito: CognitoIdentityProviderClient;
  kill: () => Promise<void>;
}

function start(dir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/cognito-process.ts', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      const ids = JSON.parse(chunk.toString()) as Omit<Running, 'cognito' | 'kill'>;
      const cognito = new CognitoIdentityProviderClient({ endpoint: ids.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({ ...ids, cognito, kill: async () => void (child.kill('SIGKILL'), cognito.destroy(), await exited) });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
  });
}

const signIn = (running: Running, email: string) =>
  running.cognito.send(
    new InitiateAuthCommand({ ClientId: running.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } }),
  );

const PER_ROUND = 12;

it('keeps every acknowledged sign-up through SIGKILL during a sign-up and sign-in burst', async () => {
  const dir = dataDir();
  const acknowledged: string[] = [];
  for (let round = 0; round < 3; round++) {
    const running = await start(dir);
    let stop = false;
    const worker = async (id: number) => {
      for (let i = 0; !stop; i++) {
        const email = `u${round}-${id}-${i}@example.com`;
        try {
          await running.cognito.send(new SignUpCommand({ ClientId: running.clientId, Username: email, Password: PASSWORD }));
          await running.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: running.poolId, Username: email }));
          acknowledged.push(email);
          await signIn(running, email);
        } catch {
          return;
        }
      }
    };
    let live = 8;
    const workers = Array.from({ length: live }, (_, id) => worker(id).finally(() => live--));
    // Killed mid-burst once this round has had sign-ups acknowledged: by count, not by time, so that a busy
    // machine slows the burst without thinning the check.
    const target = acknowledged.length + PER_ROUND;
    while (acknowledged.length < target && live > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await running.kill();
    stop = true;
    await Promise.all(workers);
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(3 * PER_ROUND);
  const restarted = await start(dir);
  try {
    for (const email of acknowledged) await expect(signIn(restarted, email)).resolves.toHaveProperty('AuthenticationResult.AccessToken');
  } finally {
    await restarted.kill();
  }
});

it('refuses to start on a damaged state file, and leaves the file as it was', async () => {
  const dir = dataDir();
  await (await start(dir)).kill();
  const file = join(dir, 'cognito.sqlite');
  const damaged = Buffer.concat([Buffer.from('not a database '), readFileSync(file).subarray(15)]);
  writeFileSync(file, damaged);
  await expect(start(dir)).rejects.toThrow(/Cognito state in .*cognito\.sqlite (is damaged|cannot be read)/);
  expect(readFileSync(file)).toEqual(damaged);
});

// npm test runs 1,000 cycles; COGNITO_GROWTH_CYCLES=5000 gives the figure in docs/local-emulation.md.
const CYCLES = Number(process.env.COGNITO_GROWTH_CYCLES ?? 1000);

it(`is back within 10% of its stored size after ${CYCLES} sign-in/sign-out cycles`, async () => {
  const dir = dataDir();
  const running = await start(dir);
  const email = 'cycle@example.com';
  await running.cognito.send(new SignUpCommand({ ClientId: running.clientId, Username: email, Password: PASSWORD }));
  await running.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: running.poolId, Username: email }));
  await running.kill();
  const sizeOf = () =>
    ['cognito.sqlite', 'cognito.sqlite-wal'].reduce(
      (sum, name) => sum + (statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0),
      0,
    );
  // Each start purges expired state and checkpoints the journal: what is measured is what is kept.
  const before = await start(dir);
  const startSize = sizeOf();
  for (let i = 0; i < CYCLES; i++) {
    const { AuthenticationResult } = await signIn(before, email);
    await before.cognito.send(new GlobalSignOutCommand({ AccessToken: AuthenticationResult?.AccessToken }));
  }
  const liveSize = sizeOf();
  await before.kill();
  const after = await start(dir);
  const endSize = sizeOf();
  await after.kill();
  console.log(`cognito state: ${startSize} bytes at start, ${liveSize} during, ${endSize} after ${CYCLES} sign-in/sign-out cycles`);
  expect(Math.abs(endSize - startSize) / startSize).toBeLessThan(0.1);
});

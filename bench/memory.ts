// npm run bench:memory: the local stack's resident memory (npm start, without --data-dir) as it starts,
// after two users sign up and sign in, and after they exchange MESSAGES messages (default 20,000).
//   npm run bench:memory [-- --messages N] [-- --connections C]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { ROOT } from '../scripts/lib/template.js';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '20000' }, connections: { type: 'string', default: '8' } },
});
const MESSAGES = Number(values.messages);
const PASSWORD = 'Memory-bench-2026';

/** Resident set size of a process, all threads, in MB (Linux /proc). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function call(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const dir = mkdtempSync(join(tmpdir(), 'auth-api-memory-'));
const stateFile = join(dir, 'state.json');
const args = ['--import', 'tsx', 'local/start.ts', '--port', '0', '--app-port', '0', '--cognito-port', '0', '--dynamodb-port', '0'];
const stack = spawn(process.execPath, [...args, '--build-dir', join(dir, 'build'), '--state-file', stateFile, '--quiet'], {
  cwd: ROOT,
  stdio: 'ignore',
});
try {
  while (!existsSync(stateFile)) {
    if (stack.exitCode !== null) throw new Error(`npm start exited with ${stack.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { apiUrl: string; codesUrl: string };
  const pid = stack.pid ?? 0;
  const started = rssMb(pid);
  const signedIn = async (email: string) => {
    await call(`${state.apiUrl}/auth/sign-up`, { email, password: PASSWORD });
    const { codes } = (await (await fetch(`${state.codesUrl}?destination=${encodeURIComponent(email)}`)).json()) as {
      codes: { code: string }[];
    };
    await call(`${state.apiUrl}/auth/confirm-sign-up`, { email, code: codes.at(-1)?.code });
    return String((await call(`${state.apiUrl}/auth/sign-in`, { email, password: PASSWORD })).accessToken);
  };
  const alice = await signedIn('alice@example.com');
  await signedIn('bob@example.com');
  const users = rssMb(pid);
  const result = await autocannon({
    url: `${state.apiUrl}/messages`,
    method: 'POST',
    headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: 'bob@example.com', subject: 'Memory', body: 'x'.repeat(200) }),
    connections: Number(values.connections),
    amount: MESSAGES,
  });
  const after = rssMb(pid);
  console.log(
    `node ${process.version}; local stack RSS, MB: started ${started.toFixed(0)}, two users signed in ${users.toFixed(0)}, after ${result.requests.total} messages sent (${result.non2xx} non-2xx, ${result.errors} errors) ${after.toFixed(0)}`,
  );
} finally {
  stack.kill('SIGINT');
  await new Promise((resolve) => stack.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}

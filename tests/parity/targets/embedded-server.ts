// Runs the embedded Cognito in a child process of the test (it is TypeScript that jest's CommonJS
// transform cannot load) and prints one JSON line with its name and endpoint. It stops when the
// test closes its stdin, or exits.
import { embeddedCognito } from '../embedded-cognito.js';

const running = await embeddedCognito.start({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ name: embeddedCognito.name, endpoint: running.endpoint })}\n`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void running.stop().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);

// The local "mailbox": every code or temporary password the embedded Cognito would have emailed.
// Printed as one line each, and readable by programs at GET <cognito endpoint>/_local/codes.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface DeliveredCode {
  /** The address Cognito would have emailed (or texted). */
  destination: string;
  /** Why it was sent: SignUp, ResendCode, ForgotPassword, AdminCreateUser, UpdateUserAttribute... */
  source: string;
  code: string;
  userPoolId: string;
  username: string;
  sentAt: string;
  /** What the pool's custom message Lambda trigger wrote, when it has one. */
  subject?: string;
  body?: string;
}

export const CODES_PATH = '/_local/codes';

export class Outbox {
  private readonly codes: DeliveredCode[] = [];

  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}

  add(code: DeliveredCode): void {
    this.codes.push(code);
    const what = code.source === 'AdminCreateUser' ? 'temporary password' : 'code';
    this.print(`[cognito] ${code.source} ${what} for ${code.destination}: ${code.code}`);
  }

  /** Codes sent to `destination` (case-insensitive), oldest first; all codes without a destination. */
  list(destination?: string): DeliveredCode[] {
    const wanted = destination?.toLowerCase();
    return this.codes.filter((code) => !wanted || code.destination.toLowerCase() === wanted);
  }

  /** GET /_local/codes[?destination=email] -> {"codes": [...]}, for scripts and integration tests. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://local');
    if (request.method !== 'GET' || url.pathname !== CODES_PATH) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    const body = JSON.stringify({ codes: this.list(url.searchParams.get('destination') ?? undefined) });
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }
}

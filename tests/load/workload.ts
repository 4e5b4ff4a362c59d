// The load run's workers: each one a user with one request in flight (N workers hold at most N connections),
// looping over a keyed send to a random other user (sometimes retried with the same key), both boxes' first
// page and one message by id, until the deadline.
import { randomUUID } from 'node:crypto';
import { isBackPressure, type RouteStats } from './routes.js';

export interface LoadUser {
  email: string;
  sub: string;
  token: string;
}

/** One keyed send and every id its attempts were answered with (more than one id is a duplicate). */
export interface KeyedSend {
  key: string;
  from: LoadUser;
  to: LoadUser;
  subject: string;
  ids: Set<string>;
  /** Requests made for this send, and how many of them were deliberate same-key retries. */
  attempts: number;
  retries: number;
  /** Answers other than 201 or 503 to a retry of a send already answered 201 (contract: the retry gets the first result). */
  retryRefusals: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
  retryAfterSeconds: number;
}

const RETRIES_AFTER_BACK_PRESSURE = 3;
const MAX_RETRY_WAIT_MS = 1_000;
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** A request timed from sending to the last byte of the body; a connection failure is status 0. */
async function timed(stats: RouteStats, route: string, url: string, init: RequestInit): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    stats.record(route, response.status, performance.now() - started);
    let body: Record<string, unknown> | undefined;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body, retryAfterSeconds: Number(response.headers.get('retry-after') ?? 1) };
  } catch {
    stats.record(route, 0, performance.now() - started);
    return { status: 0, body: undefined, retryAfterSeconds: 1 };
  }
}

export class Workload {
  readonly sends: KeyedSend[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly users: readonly LoadUser[],
    private readonly stats: RouteStats,
  ) {}

  /** Sends (and re-sends) one keyed message as a client would: after a 429 or 503, waits and retries the same key. */
  private async send(send: KeyedSend, route: string): Promise<string | undefined> {
    if (route !== 'POST /messages') send.retries++;
    for (let attempt = 0; attempt <= RETRIES_AFTER_BACK_PRESSURE; attempt++) {
      send.attempts++;
      const answer = await timed(this.stats, route, `${this.apiUrl}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${send.from.token}`, 'content-type': 'application/json', 'idempotency-key': send.key },
        body: JSON.stringify({ to: send.to.email, subject: send.subject, body: `Message ${send.key} of the load run.` }),
      });
      if (answer.status === 201 && typeof answer.body?.id === 'string') {
        send.ids.add(answer.body.id);
        return answer.body.id;
      }
      if (send.ids.size > 0 && answer.status !== 503) send.retryRefusals++;
      if (!isBackPressure(answer.status) && answer.status !== 0) return undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.min(answer.retryAfterSeconds * 1000, MAX_RETRY_WAIT_MS)));
    }
    return undefined;
  }

  private async list(user: LoadUser, box: 'inbox' | 'sent'): Promise<string[]> {
    const answer = await timed(this.stats, `GET /messages?box=${box}`, `${this.apiUrl}/messages?box=${box}&limit=20`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    const items = Array.isArray(answer.body?.items) ? (answer.body.items as Array<{ id?: unknown }>) : [];
    return items.flatMap((item) => (typeof item.id === 'string' ? [item.id] : []));
  }

  /** One connection's loop for `user` until `deadline` (a performance.now() time). */
  async worker(user: LoadUser, deadline: number): Promise<void> {
    const mine: KeyedSend[] = [];
    const others = this.users.filter((other) => other.sub !== user.sub);
    while (performance.now() < deadline) {
      const to = pick(others);
      if (!to) return;
      const key = randomUUID();
      const send: KeyedSend = { key, from: user, to, subject: `load ${key}`, ids: new Set(), attempts: 0, retries: 0, retryRefusals: 0 };
      this.sends.push(send);
      mine.push(send);
      const id = await this.send(send, 'POST /messages');
      // A retry right away (a client that lost the answer) and one of an earlier send (a late retry).
      if (Math.random() < 0.2) await this.send(send, 'POST /messages (same key)');
      const earlier = pick(mine);
      if (earlier && Math.random() < 0.1) await this.send(earlier, 'POST /messages (same key)');
      const listed = [...(await this.list(user, 'inbox')), ...(await this.list(user, 'sent'))];
      const toRead = pick(listed) ?? id;
      if (toRead) {
        await timed(this.stats, 'GET /messages/{id}', `${this.apiUrl}/messages/${toRead}`, {
          headers: { authorization: `Bearer ${user.token}` },
        });
      }
    }
  }
}

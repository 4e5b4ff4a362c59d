// One local SQS queue: delays, visibility timeouts, receive counts, retention and a redrive policy's
// dead-letter queue, as SQS applies them; kept in a JSON file (rewritten whole, then renamed into place, on
// every change) when the stack has a data directory, so queued jobs outlive a restart or a crash.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface QueueSettings {
  name: string;
  arn: string;
  url: string;
  delaySeconds: number;
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  /** The redrive policy: a message received more than `maxReceiveCount` times goes there instead. */
  deadLetter?: { queue: LocalQueue; maxReceiveCount: number };
}

export interface StoredMessage {
  id: string;
  body: string;
  md5: string;
  sentAt: number;
  /** Epoch ms: before it, the message is delayed or in flight (received, not yet deleted). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The receipt handle of its latest receive: only it deletes the message. */
  receipt?: string;
}

export const md5Of = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export class LocalQueue {
  private messages: StoredMessage[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly settings: QueueSettings,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) this.messages = JSON.parse(readFileSync(file, 'utf8')) as StoredMessage[];
  }

  /** Calls `listener` whenever a message is added (a poller waits for it rather than spinning). */
  onMessage(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(body: string, delaySeconds = this.settings.delaySeconds, now = Date.now()): StoredMessage {
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      md5: md5Of(body),
      sentAt: now,
      visibleAt: now + delaySeconds * 1000,
      receiveCount: 0,
    };
    this.add(message);
    return message;
  }

  /**
   * Up to `max` visible messages, now in flight for the visibility timeout. Expired ones are dropped, and one
   * received more than the redrive policy allows goes to the dead-letter queue, as SQS does on a receive.
   */
  receive(max: number, now = Date.now()): StoredMessage[] {
    const retainedSince = now - this.settings.retentionSeconds * 1000;
    this.messages = this.messages.filter((message) => message.sentAt > retainedSince);
    const received: StoredMessage[] = [];
    for (const message of [...this.messages]) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      const deadLetter = this.settings.deadLetter;
      if (deadLetter && message.receiveCount >= deadLetter.maxReceiveCount) {
        this.messages = this.messages.filter((m) => m !== message);
        deadLetter.queue.add({ ...message, visibleAt: now, receipt: undefined });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + this.settings.visibilityTimeoutSeconds * 1000;
      message.receipt = randomUUID();
      received.push({ ...message });
    }
    this.save();
    return received;
  }

  /** Deletes a message by the receipt of its latest receive (an older receipt deletes nothing, as on SQS). */
  delete(receipt: string): void {
    const before = this.messages.length;
    this.messages = this.messages.filter((message) => message.receipt !== receipt);
    if (this.messages.length !== before) this.save();
  }

  /** The earliest time a message becomes visible, if any is waiting. */
  nextVisibleAt(): number | undefined {
    return this.messages.reduce<number | undefined>(
      (soonest, m) => (soonest === undefined || m.visibleAt < soonest ? m.visibleAt : soonest),
      undefined,
    );
  }

  /** GetQueueAttributes' counts: visible, and delayed or in flight. */
  counts(now = Date.now()): { visible: number; notVisible: number } {
    const visible = this.messages.filter((m) => m.visibleAt <= now).length;
    return { visible, notVisible: this.messages.length - visible };
  }

  private add(message: StoredMessage): void {
    this.messages.push(message);
    this.save();
    for (const listener of this.listeners) listener();
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.messages));
    renameSync(temporary, this.file);
  }
}

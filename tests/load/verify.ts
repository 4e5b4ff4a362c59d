// After the load: every keyed send checked against both boxes, read to the end through their cursors.
// The subject carries the send's key, so each stored copy is traced back to the send (and its retries).
import type { KeyedSend, LoadUser } from './workload.js';

interface StoredCopy {
  id: string;
  subject: string;
}

export interface Verdict {
  /** Sends answered 201 at least once. */
  acknowledged: number;
  /** Acknowledged sends missing from the sender's sent box or the recipient's inbox. */
  lost: number;
  /** Sends stored more than once in a box, or answered with more than one id. */
  duplicated: number;
  /** Acknowledged sends whose stored id is not the id the API answered. */
  wrongId: number;
  /** Sends never answered 201 (only 429/503/no answer) that are stored anyway, in both boxes: a retry would get them. */
  storedUnacknowledged: number;
  /** Sends stored in one box only: the two copies are written in one transaction, so this must not happen. */
  torn: number;
  /** Ids a box listed twice across its pages, and copies whose subject names no send of this run. */
  listingRepeats: number;
  unknownCopies: number;
  /** Sends deliberately retried with their key, each answered with one id and stored once. */
  retriedOnce: number;
  /** Retries of an acknowledged send answered otherwise than 201 (or 503). */
  retryRefusals: number;
}

async function readBox(apiUrl: string, user: LoadUser, box: 'inbox' | 'sent'): Promise<StoredCopy[]> {
  const copies: StoredCopy[] = [];
  let cursor: string | undefined;
  do {
    const query = `box=${box}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${apiUrl}/messages?${query}`, { headers: { authorization: `Bearer ${user.token}` } });
    if (response.status !== 200) throw new Error(`reading ${user.email}'s ${box}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { items: StoredCopy[]; nextCursor?: string };
    copies.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return copies;
}

/** Copies per subject in one box. */
function bySubject(copies: StoredCopy[]): Map<string, StoredCopy[]> {
  const map = new Map<string, StoredCopy[]>();
  for (const copy of copies) map.set(copy.subject, [...(map.get(copy.subject) ?? []), copy]);
  return map;
}

export async function verify(apiUrl: string, users: readonly LoadUser[], sends: readonly KeyedSend[]): Promise<Verdict> {
  const boxes = new Map<string, { inbox: Map<string, StoredCopy[]>; sent: Map<string, StoredCopy[]> }>();
  let listingRepeats = 0;
  let storedCopies = 0;
  for (const user of users) {
    const inbox = await readBox(apiUrl, user, 'inbox');
    const sent = await readBox(apiUrl, user, 'sent');
    for (const copies of [inbox, sent]) listingRepeats += copies.length - new Set(copies.map((copy) => copy.id)).size;
    storedCopies += inbox.length + sent.length;
    boxes.set(user.sub, { inbox: bySubject(inbox), sent: bySubject(sent) });
  }
  const verdict: Verdict = {
    acknowledged: 0,
    lost: 0,
    duplicated: 0,
    wrongId: 0,
    storedUnacknowledged: 0,
    torn: 0,
    listingRepeats,
    unknownCopies: 0,
    retriedOnce: 0,
    retryRefusals: sends.reduce((sum, send) => sum + send.retryRefusals, 0),
  };
  let tracedCopies = 0;
  for (const send of sends) {
    const sent = boxes.get(send.from.sub)?.sent.get(send.subject) ?? [];
    const inbox = boxes.get(send.to.sub)?.inbox.get(send.subject) ?? [];
    tracedCopies += sent.length + inbox.length;
    if (sent.length > 1 || inbox.length > 1 || send.ids.size > 1) verdict.duplicated++;
    if (Math.min(sent.length, inbox.length) === 0 && Math.max(sent.length, inbox.length) > 0) verdict.torn++;
    if (send.ids.size === 0) {
      if (sent.length > 0 && inbox.length > 0) verdict.storedUnacknowledged++;
      continue;
    }
    verdict.acknowledged++;
    if (sent.length === 0 || inbox.length === 0) verdict.lost++;
    if ([...sent, ...inbox].some((copy) => !send.ids.has(copy.id))) verdict.wrongId++;
    if (send.retries > 0 && send.ids.size === 1 && sent.length === 1 && inbox.length === 1) verdict.retriedOnce++;
  }
  verdict.unknownCopies = storedCopies - tracedCopies;
  return verdict;
}

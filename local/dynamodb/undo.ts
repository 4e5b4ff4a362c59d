// Puts items back as they were before a transaction: after a cancelled one, and at start after a
// crash in the middle of one.
import type { DynamoCall } from './dynalite-client.js';
import type { BeforeImage, UndoJournal } from './undo-journal.js';
import { errorMessage } from './wire.js';

export async function restore(call: DynamoCall, images: BeforeImage[]): Promise<void> {
  for (const image of [...images].reverse()) {
    const { TableName, Key, Item } = image;
    const answer = Item ? await call('PutItem', { TableName, Item }) : await call('DeleteItem', { TableName, Key });
    if (answer.status !== 200) throw new Error(`Could not put back an item of ${TableName}: ${errorMessage(answer)}`);
  }
}

/** Undoes the transaction a crash interrupted, if any; to run before serving. Returns how many items it put back. */
export async function undoInterrupted(call: DynamoCall, journal: UndoJournal): Promise<number> {
  const images = await journal.interrupted();
  if (!images) return 0;
  await restore(call, images);
  await journal.clear();
  return images.length;
}

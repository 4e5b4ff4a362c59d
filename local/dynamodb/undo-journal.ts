// The undo journal of the transaction being applied: the items it touches as they were before it.
// Written (and fsynced) before the transaction's first write and removed after its last, so a
// process killed in between finds it at the next start and puts the items back before serving.
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isJson, type Json } from './wire.js';

/** One item as it was before the transaction: `Item` absent when there was none. */
export interface BeforeImage {
  TableName: string;
  Key: Json;
  Item?: Json;
}

export interface UndoJournal {
  /** Durably records the before-images; resolves before any of the items may be written. */
  record(images: BeforeImage[]): Promise<void>;
  /** The transaction is over (applied or undone): nothing to undo any more. */
  clear(): Promise<void>;
  /** The before-images of a transaction a crash interrupted, if any. */
  interrupted(): Promise<BeforeImage[] | undefined>;
}

/** Without a data directory nothing outlives the process, so there is nothing to journal. */
export const memoryJournal: UndoJournal = {
  record: async () => undefined,
  clear: async () => undefined,
  interrupted: async () => undefined,
};

async function fsyncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const isBeforeImage = (value: unknown): value is BeforeImage =>
  isJson(value) && typeof value.TableName === 'string' && isJson(value.Key) && (value.Item === undefined || isJson(value.Item));

/** The journal in `path`: written to a temporary file, fsynced, then renamed, so it is whole or absent. */
export function fileJournal(path: string): UndoJournal {
  const temporary = `${path}.tmp`;
  return {
    async record(images) {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(JSON.stringify({ version: 1, images }));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      await fsyncPath(dirname(path), 'r');
    },
    async clear() {
      await rm(path, { force: true });
    },
    async interrupted() {
      // A temporary file is a journal whose writing was interrupted: no item had been written yet.
      await rm(temporary, { force: true });
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      let images: unknown;
      try {
        images = (JSON.parse(text) as Json).images;
      } catch {
        images = undefined;
      }
      if (!Array.isArray(images) || !images.every(isBeforeImage)) {
        throw new Error(
          `${path} is damaged, so the transaction it records cannot be undone. ` +
            'Move it away to start with the items as they are (a transaction may then be half-applied).',
        );
      }
      return images;
    },
  };
}

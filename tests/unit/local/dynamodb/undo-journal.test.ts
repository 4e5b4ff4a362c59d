import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileJournal, type BeforeImage } from '../../../../local/dynamodb/undo-journal.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'undo-journal-'));
  path = join(dir, 'journal.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const images: BeforeImage[] = [
  { TableName: 'boxes', Key: { pk: { S: 'a' } }, Item: { pk: { S: 'a' }, data: { B: 'AAE=' } } },
  { TableName: 'boxes', Key: { pk: { S: 'b' } } },
];

it('gives back what it recorded until cleared', async () => {
  const journal = fileJournal(path);
  expect(await journal.interrupted()).toBeUndefined();
  await journal.record(images);
  expect(await fileJournal(path).interrupted()).toEqual(images);
  await journal.clear();
  expect(await journal.interrupted()).toBeUndefined();
  expect(existsSync(path)).toBe(false);
});

it('leaves no temporary file behind a recording, and discards one a crash left', async () => {
  await fileJournal(path).record(images);
  expect(existsSync(`${path}.tmp`)).toBe(false);
  await fileJournal(path).clear();
  writeFileSync(`${path}.tmp`, '{"version":1,"images":[{"Tab');
  expect(await fileJournal(path).interrupted()).toBeUndefined();
  expect(existsSync(`${path}.tmp`)).toBe(false);
});

it('refuses a damaged journal and keeps it', async () => {
  for (const damaged of ['{"version":1,"ima', '{"version":1,"images":[{"TableName":"boxes"}]}']) {
    writeFileSync(path, damaged);
    await expect(fileJournal(path).interrupted()).rejects.toThrow(`${path} is damaged`);
    expect(readFileSync(path, 'utf8')).toBe(damaged);
  }
});

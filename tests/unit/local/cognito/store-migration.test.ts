// A data directory from before sessions kept their OAuth scopes (schema 1) opens, and gains the column.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Store } from '../../../../local/cognito/store.js';

describe('Cognito emulator state: schema migration', () => {
  it('upgrades a schema-1 file in place, keeping its rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognito-store-'));
    const file = join(dir, 'cognito.sqlite');
    try {
      new Store(file).close();
      const old = new DatabaseSync(file);
      old.exec(
        "ALTER TABLE sessions DROP COLUMN scopes; PRAGMA user_version = 1; INSERT INTO pools (id, name, data) VALUES ('p', 'n', '{}')",
      );
      old.close();
      const store = new Store(file);
      expect(store.all('PRAGMA user_version')[0]?.user_version).toBe(2);
      expect(store.all('SELECT name FROM pragma_table_info(?)', 'sessions').map((row) => row.name)).toContain('scopes');
      expect(store.get('SELECT name FROM pools WHERE id = ?', 'p')?.name).toBe('n');
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

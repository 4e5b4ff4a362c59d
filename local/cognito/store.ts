// The emulator's state in SQLite (node:sqlite): one file in the data directory, or memory without
// one. Every API call runs in one transaction, and WAL keeps a committed change through a SIGKILL.
// Why SQLite rather than a journal of our own: docs/local-emulation.md.
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE pools (id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE clients (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX clients_by_pool ON clients (pool_id);
CREATE TABLE resource_servers (pool_id TEXT NOT NULL, identifier TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (pool_id, identifier));
CREATE TABLE domains (domain TEXT PRIMARY KEY, pool_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE users (pool_id TEXT NOT NULL, username TEXT NOT NULL, email TEXT, data TEXT NOT NULL, PRIMARY KEY (pool_id, username));
CREATE INDEX users_by_email ON users (pool_id, email);
CREATE TABLE codes (pool_id TEXT NOT NULL, username TEXT NOT NULL, purpose TEXT NOT NULL, digest TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (pool_id, username, purpose));
CREATE TABLE attempts (pool_id TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL, failures INTEGER NOT NULL, window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (pool_id, subject, kind));
CREATE TABLE sessions (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, client_id TEXT NOT NULL, username TEXT NOT NULL, auth_time INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, keep_until INTEGER NOT NULL, scopes TEXT);
CREATE INDEX sessions_by_user ON sessions (pool_id, username);
CREATE TABLE refresh_tokens (digest TEXT PRIMARY KEY, session_id TEXT NOT NULL, valid_until INTEGER);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);
CREATE TABLE challenges (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, client_id TEXT NOT NULL, username TEXT NOT NULL, data TEXT NOT NULL,
  expires_at INTEGER NOT NULL);
`;

export class DamagedStateError extends Error {}

export type Row = Record<string, string | number | bigint | null | Uint8Array>;
type Value = string | number | null;

export class Store {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();

  constructor(readonly file: string | undefined) {
    const existed = file !== undefined && existsSync(file);
    try {
      this.db = new DatabaseSync(file ?? ':memory:');
      this.db.exec('PRAGMA busy_timeout = 5000');
      if (file) {
        const [check] = this.all('PRAGMA quick_check');
        if (check?.quick_check !== 'ok') throw new DamagedStateError(`integrity check failed: ${String(check?.quick_check)}`);
      }
      this.migrate(existed);
    } catch (error) {
      if (error instanceof DamagedStateError) throw new DamagedStateError(`Cognito state in ${file} is damaged (${error.message})`);
      if (!file) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DamagedStateError(`Cognito state in ${file} cannot be read (${reason}); move it away to start with an empty pool`);
    }
  }

  private migrate(existed: boolean): void {
    let version = Number(this.all('PRAGMA user_version')[0]?.user_version ?? 0);
    // Version 2: a session keeps the OAuth scopes it was granted (managed login's code flow).
    if (version === 1) {
      this.db.exec('BEGIN; ALTER TABLE sessions ADD COLUMN scopes TEXT; PRAGMA user_version = 2; COMMIT;');
      version = 2;
    }
    if (version === SCHEMA_VERSION) {
      this.configure();
      return;
    }
    // A file that has data but no schema of ours is someone else's, or damaged: never overwrite it.
    const tables = this.all("SELECT name FROM sqlite_master WHERE type = 'table'");
    if (version !== 0 || (existed && tables.length > 0)) throw new DamagedStateError(`unknown schema version ${version}`);
    // auto_vacuum only takes effect before the first table is created.
    this.db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    this.configure();
    this.db.exec(`BEGIN; ${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT;`);
  }

  private configure(): void {
    if (!this.file) return;
    // WAL with synchronous=NORMAL: a committed transaction survives the process being killed (the
    // operating system still writes it); only a power loss can take the last ones.
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 1048576');
  }

  private statement(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, ...params: Value[]): Row[] {
    return this.statement(sql).all(...params);
  }

  get(sql: string, ...params: Value[]): Row | undefined {
    return this.statement(sql).get(...params);
  }

  run(sql: string, ...params: Value[]): number {
    return Number(this.statement(sql).run(...params).changes);
  }

  /** Runs `work` in one transaction: committed when it returns, rolled back when `keep(error)` is false. */
  transaction<T>(work: () => T, keep: (error: unknown) => boolean = () => false): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec(keep(error) ? 'COMMIT' : 'ROLLBACK');
      throw error;
    }
  }

  /** Gives the pages of deleted rows back to the file system. */
  compact(): void {
    if (this.file) this.db.exec('PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}

/** JSON column helpers: records are stored as JSON text next to the columns they are looked up by. */
export const parse = <T>(row: Row | undefined): T | undefined => (row ? (JSON.parse(String(row.data)) as T) : undefined);

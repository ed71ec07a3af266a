import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

// The workshop's storage: one SQLite file (node:sqlite, nothing to build or download), WAL, owner-only.
// The schema is versioned with PRAGMA user_version; each migration runs once, in a transaction, in order.
// synchronous=FULL: an event is acknowledged to an attendee only after its commit reached the disk, so a killed
// server (or a power cut) loses nothing it said it had.

const MIGRATIONS: readonly string[] = [
  // 1: the first schema
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE attendees (
     id TEXT PRIMARY KEY,
     secret_hash TEXT NOT NULL,
     nickname TEXT NOT NULL,
     joined_at INTEGER NOT NULL,
     last_seen INTEGER NOT NULL,
     lesson TEXT,
     lesson_since INTEGER
   );
   CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     attendee_id TEXT NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     kind TEXT NOT NULL,
     lesson TEXT,
     step TEXT,
     state TEXT,
     code TEXT,
     at INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     UNIQUE (attendee_id, seq)
   );
   CREATE TABLE steps (
     attendee_id TEXT NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
     lesson TEXT NOT NULL,
     step TEXT NOT NULL,
     state TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (attendee_id, lesson, step)
   );
   CREATE TABLE help (
     id INTEGER PRIMARY KEY,
     attendee_id TEXT NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
     lesson TEXT NOT NULL,
     step TEXT,
     asked_at INTEGER NOT NULL,
     handled_at INTEGER
   );
   CREATE INDEX help_open ON help (handled_at);
   CREATE TABLE readiness (
     attendee_id TEXT PRIMARY KEY REFERENCES attendees(id) ON DELETE CASCADE,
     results TEXT NOT NULL,
     at INTEGER NOT NULL
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Opens (creating with mode 0600 when new) and migrates the workshop database. */
export function openDatabase(path: string): DatabaseSync {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Create the file ourselves so it is owner-only from its first byte, whatever the umask.
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000;');
  migrate(db);
  return db;
}

export function schemaVersion(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
}

export function migrate(db: DatabaseSync): void {
  const from = schemaVersion(db);
  if (from > MIGRATIONS.length) {
    throw new Error(`This workshop file was written by a newer containerless (schema ${from}, this one knows ${MIGRATIONS.length}). Update containerless or start a new workshop with --data.`);
  }
  for (let v = from; v < MIGRATIONS.length; v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[v] ?? '');
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

/** Runs `fn` in one transaction: all of it is stored, or none. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to a new temporary file beside `path`, then hands it to `publish`
 * (rename or link); the temporary file never outlives the call.
 */
/** A temporary file name beside `path` that no other process or run picks (the caller creates it with `wx`). */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes all of `data` at the file's current position (writeSync may write less than asked). */
export function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

function writeThroughTemp(path: string, data: string | Uint8Array, durable: boolean, publish: (tmp: string) => void): void {
  const tmp = tempPathBeside(path);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    if (durable) fsyncSync(fd);
    closeSync(fd);
    fd = null;
    publish(tmp);
  } finally {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
  }
}

/**
 * Writes a file whole or not at all: the data goes to a temporary file in the
 * same folder, is flushed, then renamed over the target (atomic on POSIX).
 * `durable: false` skips the flush, for files that may be lost but never torn (cache entries).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: { durable?: boolean } = {}): void {
  writeThroughTemp(path, data, options.durable !== false, (tmp) => renameSync(tmp, path));
}

/**
 * Writes a new file whole or not at all, and never replaces an existing one: the temporary file is
 * hard-linked to the target, which fails with EEXIST if the target exists (no check-then-write race).
 */
export function writeFileExclusive(path: string, data: string | Uint8Array): void {
  writeThroughTemp(path, data, true, (tmp) => linkSync(tmp, path));
}

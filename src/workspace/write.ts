import {
  chmodSync,
  chownSync,
  closeSync,
  constants as fsConstants,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
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

function writeThroughTemp(path: string, data: string | Uint8Array, durable: boolean, publish: (tmp: string) => void, createMode = 0o644): void {
  const tmp = tempPathBeside(path);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', createMode);
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

/** An output path docwarden will not write, with why: a user mistake, reported as a usage error naming the path. */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`${path}: ${why}`);
    this.name = 'OutputError';
  }
}

function describeErrno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'on a read-only file system';
  if (code === 'ENOTDIR') return 'a parent of it is a file, not a folder';
  if (code === 'ENOSPC') return 'no space left on the device';
  return `cannot be written (${code ?? (err as Error).message})`;
}

/** Writes into an existing character device or FIFO (`/dev/null`, `/dev/stdout`, a pipe): in place, never replaced. */
function writeInPlace(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, fsConstants.O_WRONLY | fsConstants.O_APPEND);
  try {
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a report (`--output`, `--sarif`): whole or not at all for a regular
 * file, keeping its mode; in place for a character device or FIFO, also behind
 * a symbolic link (`/dev/stdout`); missing parent folders are created. A
 * folder, a symbolic link to a regular file, or anything else is refused, so
 * that no link and no special file is ever replaced by a regular file.
 */
export function writeOutputFile(path: string, data: string | Uint8Array): void {
  let st: Stats | null = null;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(path, describeErrno(err));
  }
  try {
    // The process's own streams: write where they lead, whatever that is (a terminal, a pipe, a redirected file).
    if (/^\/(?:dev\/(?:stdout|stderr|fd\/\d+)|proc\/self\/fd\/\d+)$/.test(path)) return writeInPlace(path, data);
    if (st?.isSymbolicLink()) {
      let target: Stats;
      try {
        target = statSync(path);
      } catch {
        throw new OutputError(path, 'is a symbolic link to nothing; docwarden does not replace links: remove it or write to another path');
      }
      if (target.isCharacterDevice() || target.isFIFO()) return writeInPlace(path, data);
      throw new OutputError(path, `is a symbolic link to ${target.isDirectory() ? 'a folder' : 'a file'}; docwarden does not replace links: write to ${realpathSync(path)} instead`);
    }
    if (st?.isDirectory()) throw new OutputError(path, 'is a folder; give a file name for the report');
    if (st && (st.isCharacterDevice() || st.isFIFO())) return writeInPlace(path, data);
    if (st && !st.isFile()) throw new OutputError(path, 'is a special file; docwarden writes reports only to regular files, character devices and FIFOs');
    if (!st) mkdirSync(dirname(path), { recursive: true });
    const mode = st ? st.mode & 0o7777 : undefined;
    // Created private, then given the old file's mode: a 0600 report is never readable by others, even briefly.
    writeThroughTemp(
      path,
      data,
      true,
      (tmp) => {
        if (mode !== undefined) chmodSync(tmp, mode);
        renameSync(tmp, path);
      },
      mode === undefined ? 0o644 : 0o600,
    );
  } catch (err) {
    if (err instanceof OutputError) throw err;
    throw new OutputError(path, describeErrno(err));
  }
}

/** Why `--fix` left a file alone, for a note. */
export interface FixSkip {
  path: string;
  why: string;
}

/**
 * Writes a file `--fix` changed, or says why it did not: the file is re-read
 * first and left alone when it changed since it was linted (an edit saved
 * meanwhile is never lost), when it has other hard links (replacing it would
 * split them), when it is read-only, or when it is no longer a regular file.
 * The new file keeps the mode, owner and group of the old one.
 */
export function writeFixedFile(path: string, expected: Buffer, data: string): FixSkip['why'] | null {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return 'it disappeared while docwarden ran';
  }
  if (!st.isFile()) return 'it is no longer a regular file';
  if (st.nlink > 1) return `it has ${st.nlink - 1} other hard link(s), which replacing it would split; fix it by hand`;
  if ((st.mode & 0o222) === 0) return 'it is read-only';
  let now: Buffer;
  try {
    now = readFileSync(path);
  } catch (err) {
    return `it cannot be read again (${describeErrno(err)})`;
  }
  if (!now.equals(expected)) return 'it changed while docwarden ran; run --fix again';
  writeThroughTemp(
    path,
    data,
    true,
    (tmp) => {
      chmodSync(tmp, st.mode & 0o7777);
      try {
        chownSync(tmp, st.uid, st.gid);
      } catch {
        // Only root may give a file away; a user's own files keep their owner anyway.
      }
      renameSync(tmp, path);
    },
    0o600,
  );
  return null;
}

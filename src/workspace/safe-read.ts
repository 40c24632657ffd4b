import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

/** What docwarden reads of its own files (configuration, baseline, cache) at most, unless told otherwise. */
export const MAX_OWN_FILE_SIZE = 64 * 1024 * 1024;

/** Why a file cannot be read, in words that never quote its content. */
export class UnsafeFileError extends Error {
  constructor(
    message: string,
    readonly code: 'missing' | 'outside' | 'special' | 'too-large' | 'unreadable',
  ) {
    super(message);
    this.name = 'UnsafeFileError';
  }
}

export function isInside(rootReal: string, real: string): boolean {
  const rel = relative(rootReal, real);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && resolve(rootReal, rel) === real);
}

/**
 * Reads a file's bytes without blocking on a FIFO, without reading a device,
 * and without following a symbolic link out of `rootReal` (when given): the
 * link is resolved and checked before anything is opened. At most `maxSize`
 * bytes are read, whatever the file claims its size is.
 */
export function readRegularFile(abs: string, options: { rootReal?: string; maxSize?: number; symlinks?: boolean } = {}): Buffer {
  const maxSize = options.maxSize ?? MAX_OWN_FILE_SIZE;
  let target = abs;
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      if (options.symlinks === false) throw new UnsafeFileError('a symbolic link (not followed)', 'outside');
      let real: string;
      try {
        real = realpathSync(abs);
      } catch {
        throw new UnsafeFileError('a symbolic link to nothing', 'missing');
      }
      if (options.rootReal && !isInside(options.rootReal, real)) throw new UnsafeFileError('a symbolic link that points outside the repository (not read)', 'outside');
      target = real;
    } else if (!st.isFile()) {
      throw new UnsafeFileError(st.isDirectory() ? 'a folder, not a file' : `not a regular file (${kindOf(st)}; not read)`, 'special');
    }
  } catch (err) {
    if (err instanceof UnsafeFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnsafeFileError(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `unreadable (${code ?? 'error'})`, code === 'ENOENT' ? 'missing' : 'unreadable');
  }
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO swapped in after the check must not hang the run; O_NOFOLLOW: nor a symbolic link.
    fd = openSync(target, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnsafeFileError(
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'a symbolic link (not followed)' : `unreadable (${code ?? 'error'})`,
      'unreadable',
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnsafeFileError(`not a regular file (${kindOf(st)}; not read)`, 'special');
    if (st.size > maxSize) throw new UnsafeFileError(`larger than ${maxSize} bytes (${st.size})`, 'too-large');
    // Read what the size said, no more: a file that grows while read cannot make the run read without end.
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch (err) {
    if (err instanceof UnsafeFileError) throw err;
    throw new UnsafeFileError(`unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'unreadable');
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: import('node:fs').Stats): string {
  return st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a folder' : 'a special file';
}

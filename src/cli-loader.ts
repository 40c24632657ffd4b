#!/usr/bin/env node
/**
 * The CLI bundle's entry (dist-action/cli.js): it compiles the CLI (dist-action/cli-main.cjs) with V8's code cache.
 * Compiling the 1.4 MB bundle, and then each function a run calls, is a fixed cost of every run: about a tenth of a
 * warm links-only run on a small repository. V8 serialises the compiled code once (after the first run that lints)
 * into the user's cache folder, and later runs deserialise it instead of compiling. The cache is an optimisation
 * only: a missing, stale or damaged file is rejected by V8 (or fails its own check) and the bundle compiles as
 * before. It is never read or written with `--no-cache`, with `DOCWARDEN_CODE_CACHE=0`, or when `CI` is set: a CI
 * cache restored from another workflow run is not code this run should execute.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedDataVersionTag } from 'node:v8';
import vm from 'node:vm';

/** The SHA-256 of cli-main.cjs, written in by `npm run bundle`: V8 itself checks only the source's length. */
declare const __DOCWARDEN_MAIN_HASH__: string;

const BODY = 'cli-main.cjs';
const PREFIX = 'cli-';
const SUFFIX = '.v8cache';

/** The code cache file of this bundle under this V8 (version and flags), or null when the cache is off. */
export function codeCachePath(argv: readonly string[], env: NodeJS.ProcessEnv, bodyHash: string): string | null {
  if (argv.includes('--no-cache') || env.DOCWARDEN_CODE_CACHE === '0' || env.CI) return null;
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'docwarden', 'code');
  return join(dir, `${PREFIX}${bodyHash.slice(0, 16)}-${cachedDataVersionTag().toString(16)}${SUFFIX}`);
}

/** Reads the cache: the data after its 64-character hash of the body, when the hash is this body's. */
function readCache(path: string | null, bodyHash: string): Buffer | undefined {
  if (!path) return undefined;
  try {
    const file = readFileSync(path);
    if (file.toString('latin1', 0, 64) !== bodyHash) return undefined;
    return file.subarray(64);
  } catch {
    return undefined;
  }
}

/** Writes the cache beside older ones, which it removes (one file per bundle and V8); any failure only costs speed. */
function writeCache(path: string, bodyHash: string, data: Buffer): void {
  try {
    const dir = join(path, '..');
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(bodyHash, 'latin1'), data]), { mode: 0o600 });
    renameSync(tmp, path);
    for (const name of readdirSync(dir)) if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && join(dir, name) !== path) rmSync(join(dir, name), { force: true });
  } catch {
    // A read-only cache folder: the next run compiles again.
  }
}

/** Runs the CLI body as CommonJS in this context, with `import.meta.url` of this file; writes the cache after a run that lints. */
function start(): void {
  const here = import.meta.url;
  const bodyPath = fileURLToPath(new URL(`./${BODY}`, here));
  // Its `#!` line (from src/bin.ts) would end the wrapper's parameter list: a comment of the same length.
  const text = readFileSync(bodyPath, 'utf8');
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  const bodyHash = __DOCWARDEN_MAIN_HASH__;
  const cachePath = codeCachePath(process.argv.slice(2), process.env, bodyHash);
  const cachedData = readCache(cachePath, bodyHash);
  const wrapper = `(function (exports, require, module, __filename, __dirname, __docwardenMetaUrl) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: bodyPath, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  const thisFile = fileURLToPath(here);
  run(module.exports, createRequire(here), module, thisFile, join(thisFile, '..'), here);
  // Written once the run has compiled what it calls, so later runs skip compiling those functions too; not after
  // `--help` or `--version`, which call almost nothing.
  const trivial = process.argv.slice(2).some((a) => ['--help', '-h', '--version', '-v'].includes(a));
  if (cachePath && (cachedData === undefined || script.cachedDataRejected) && !trivial) process.once('exit', () => writeCache(cachePath, bodyHash, script.createCachedData()));
}

// Only as the bundle's entry, where `npm run bundle` defines the hash (importing this module from dist/ runs nothing).
if (typeof __DOCWARDEN_MAIN_HASH__ === 'string') start();

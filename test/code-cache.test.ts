import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCachePath } from '../src/cli-loader.js';

const REPO = join(import.meta.dirname, '..');
const CLI = join(REPO, 'dist-action', 'cli.js');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

describe('the code cache of the CLI bundle (src/cli-loader.ts)', () => {
  it('is off with --no-cache, DOCWARDEN_CODE_CACHE=0 and in CI, else in the user cache folder', () => {
    const hash = 'a'.repeat(64);
    expect(codeCachePath(['--no-cache'], { XDG_CACHE_HOME: '/c' }, hash)).toBeNull();
    expect(codeCachePath([], { XDG_CACHE_HOME: '/c', DOCWARDEN_CODE_CACHE: '0' }, hash)).toBeNull();
    expect(codeCachePath([], { XDG_CACHE_HOME: '/c', CI: 'true' }, hash)).toBeNull();
    expect(codeCachePath([], { XDG_CACHE_HOME: '/c' }, hash)).toMatch(/^\/c\/docwarden\/code\/cli-a{16}-[0-9a-f]+\.v8cache$/);
  });

  it('a run writes it once; runs with it, with a damaged one and without one report the same', { timeout: 120_000 }, () => {
    const root = temp('docwarden-code-cache-repo-');
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'README.md'), '# Readme\n\n[guide](docs/guide.md) [gone](docs/gone.md) `src/missing.ts`\n');
    writeFileSync(join(root, 'docs', 'guide.md'), '# Guide\n\n[back](../README.md#readme) [anchor](../README.md#nope)\n');
    spawnSync('git', ['init', '-q'], { cwd: root });
    const home = temp('docwarden-code-cache-home-');
    const run = (env: Record<string, string> = {}, args: string[] = []) => {
      const r = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), ...env },
      });
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    const folder = join(home, 'cache', 'docwarden', 'code');
    const files = () => (existsSync(folder) ? readdirSync(folder) : []);

    const without = run({}, ['--no-cache']);
    expect(files()).toEqual([]);
    expect(run({ CI: 'true' })).toBe(without);
    expect(files()).toEqual([]);
    expect(run({ DOCWARDEN_CODE_CACHE: '0' })).toBe(without);
    expect(files()).toEqual([]);

    // The first run compiles and writes the cache; the second takes it, which V8 accepts, so it is not written again.
    expect(run()).toBe(without);
    const [name] = files();
    expect(files()).toHaveLength(1);
    const path = join(folder, name);
    const written = statSync(path).mtimeMs;
    expect(run()).toBe(without);
    expect(statSync(path).mtimeMs).toBe(written);

    // Damaged data after a right hash: V8 rejects it, the bundle compiles, and the run writes a good cache again.
    const good = readFileSync(path);
    writeFileSync(path, Buffer.concat([good.subarray(0, 64), Buffer.alloc(good.length - 64, 7)]));
    expect(run()).toBe(without);
    expect(
      readFileSync(path)
        .subarray(64)
        .equals(Buffer.alloc(good.length - 64, 7)),
    ).toBe(false);
    // A cache of another bundle (another hash): not used, replaced.
    writeFileSync(path, Buffer.concat([Buffer.from('b'.repeat(64)), good.subarray(64)]));
    expect(run()).toBe(without);
    expect(readFileSync(path).toString('latin1', 0, 64)).toBe(good.toString('latin1', 0, 64));
    // An older bundle's file in the folder is removed when this one writes its own.
    writeFileSync(join(folder, 'cli-0000000000000000-1.v8cache'), 'old');
    rmSync(path);
    expect(run()).toBe(without);
    expect(files()).toEqual([name]);
  });
});

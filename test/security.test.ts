import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../src/config/load.js';
import { writeFixes } from '../src/write-fixes.js';
import { run } from '../src/engine/run.js';
import { relativize, type JsonReport } from '../src/formatters/json.js';
import { readTextFile, Workspace } from '../src/workspace/workspace.js';
import { RULES } from '../src/registry.js';
import { cli, REPO, TYPO_RULE } from './helpers.js';

/** Every path docwarden hands to a call that opens or lists something. */
const opened = vi.hoisted(() => [] as string[]);

// Records the path of every opening or listing call, whatever module makes it.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const record =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      opened.push(String(args[0]));
      return fn(...args);
    };
  const wrapped = {
    ...fs,
    openSync: record(fs.openSync),
    readFileSync: record(fs.readFileSync),
    readdirSync: record(fs.readdirSync),
    opendirSync: record(fs.opendirSync),
    createReadStream: record(fs.createReadStream),
  };
  return { ...wrapped, default: wrapped };
});

/**
 * Issue 8, item 2: links and symbolic links that lead out of the repository are
 * reported and never read. The sentinel outside the root would change the
 * output if it were read: it links to LEAKED-SENTINEL.md and has one line only.
 */
function layout(): { root: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-escape-')));
  const outside = join(base, 'outside');
  const root = join(base, 'repo');
  mkdirSync(outside);
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(outside, 'secret.md'), '[leak](LEAKED-SENTINEL.md)\n');
  symlinkSync(join(outside, 'secret.md'), join(root, 'docs', 'evil.md'));
  symlinkSync('../../outside/secret.md', join(root, 'docs', 'relative-evil.md'));
  symlinkSync(outside, join(root, 'out-dir'));
  symlinkSync('loop-a.md', join(root, 'loop-b.md'));
  symlinkSync('loop-b.md', join(root, 'loop-a.md'));
  symlinkSync('self', join(root, 'self'));
  writeFileSync(
    join(root, 'README.md'),
    [
      '# Readme',
      '',
      '[parent](../outside/secret.md)',
      '[deep parent](docs/../../../outside/secret.md)',
      '[absolute](/etc/passwd)',
      `[absolute to outside](${join(outside, 'secret.md')})`,
      '[file url](file:///etc/passwd)',
      '[home](~/secret.md)',
      '[encoded](..%2foutside%2fsecret.md)',
      '[encoded upper](..%2Foutside%2Fsecret.md)',
      '[through a symlink](docs/evil.md#L99)',
      '[through a folder symlink](out-dir/secret.md)',
      '[loop](loop-a.md#L3)',
      '[self loop](self#L2)',
      '[missing](gone.md)',
      '',
    ].join('\n'),
  );
  return { root, outside };
}

describe('never leave the repository (issue 8, item 2)', () => {
  it('reports escaping links and never opens a file outside the root', async () => {
    const { root, outside } = layout();
    opened.length = 0;
    const r = await cli(['--format', 'json'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const found = report.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.message}`);
    expect(found).toEqual([
      'README.md:3:1 `../outside/secret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      'README.md:4:1 `docs/../../../outside/secret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      'README.md:5:1 Cannot find `/etc/passwd`: no file or folder `etc/passwd` in the repository',
      `README.md:6:1 Cannot find \`${join(outside, 'secret.md')}\`: no file or folder \`${join(outside, 'secret.md').slice(1)}\` in the repository`,
      "README.md:7:1 `file:///etc/passwd` is a file: URL, which works on no one else's machine; link to a repository path instead",
      'README.md:8:1 Cannot find `~/secret.md`: no such file or folder',
      'README.md:9:1 `..%2foutside%2fsecret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      'README.md:10:1 `..%2Foutside%2Fsecret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      // Issue 14, item 6: GitHub shows the link, not its target; the link is broken on every other clone.
      'README.md:11:1 `docs/evil.md#L99` resolves outside the repository through the symbolic link `docs/evil.md`; GitHub shows the link, not its target, and the link is broken on every other clone: link to a file in the repository',
      'README.md:12:1 `out-dir/secret.md` resolves outside the repository through the symbolic link `out-dir`; GitHub shows the link, not its target, and the link is broken on every other clone: link to a file in the repository',
      'README.md:15:1 Cannot find `gone.md`: no such file or folder',
    ]);
    expect(r.stdout).not.toContain('LEAKED-SENTINEL');
    expect(report.notices).toEqual([
      // docs/evil.md is no longer opened at all: the link to it is a finding.
      { level: 'note', path: 'loop-a.md', message: 'skipped loop-a.md: a symbolic link to nothing' },
      { level: 'note', path: 'self', message: 'skipped self: a symbolic link to nothing' },
    ]);
    const outsideOpened = opened.filter((p) => p.startsWith(outside) || p.includes('/outside/') || p.startsWith('/etc'));
    expect(outsideOpened).toEqual([]);
    // The spy works: files inside the root were opened through it.
    expect(opened.some((p) => p === join(root, 'README.md'))).toBe(true);
  });
});

describe('configuration, baseline and cache are read only inside the root, only as regular files (issue 15, item 1)', () => {
  function repoWith(): { root: string; outside: string } {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-own-files-')));
    const outside = join(base, 'outside');
    const root = join(base, 'repo');
    mkdirSync(outside);
    mkdirSync(root);
    writeFileSync(join(outside, 'shadow'), 'root:*:20228:0:99999:7:::\n');
    writeFileSync(join(root, 'README.md'), '# Readme\n\n[gone](gone.md)\n');
    return { root, outside };
  }
  const secretLeaked = (r: { stdout: string; stderr: string }) => r.stdout.includes('20228') || r.stderr.includes('20228');

  it('a docwarden.yml that is a symbolic link out of the root is a configuration error naming it, never read', async () => {
    const { root, outside } = repoWith();
    symlinkSync(join(outside, 'shadow'), join(root, 'docwarden.yml'));
    opened.length = 0;
    const r = await cli([], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docwarden.yml: cannot read the configuration file: a symbolic link that points outside the repository (not read)');
    expect(secretLeaked(r)).toBe(false);
    expect(opened.filter((p) => p.startsWith(outside))).toEqual([]);
  });

  it('a docwarden.yml linked to /dev/zero or a FIFO fails at once instead of reading for ever or blocking', { timeout: 20_000 }, async () => {
    const { root } = repoWith();
    symlinkSync('/dev/zero', join(root, 'docwarden.yml'));
    const r = await cli([], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docwarden.yml: cannot read the configuration file: a symbolic link that points outside the repository (not read)');
    const inside = repoWith().root;
    execFileSync('mkfifo', [join(inside, 'docwarden.yml')]);
    const f = await cli([], inside);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('docwarden.yml: cannot read the configuration file: not a regular file (a FIFO; not read)');
  });

  it('a baseline that is a symbolic link out of the root is a configuration error; a malformed one is never quoted', async () => {
    const { root, outside } = repoWith();
    symlinkSync(join(outside, 'shadow'), join(root, 'docwarden-baseline.json'));
    opened.length = 0;
    const r = await cli([], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docwarden-baseline.json: cannot read the baseline: a symbolic link that points outside the repository (not read)');
    expect(secretLeaked(r)).toBe(false);
    expect(opened.filter((p) => p.startsWith(outside))).toEqual([]);
    const other = repoWith().root;
    writeFileSync(join(other, 'docwarden-baseline.json'), '::add-mask::hunter2\n');
    const bad = await cli([], other);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('docwarden-baseline.json: the baseline is not valid JSON; regenerate it with --update-baseline');
    expect(bad.stderr).not.toContain('add-mask');
  });

  it('cache packs and entries that are symbolic links (to /dev/zero) are ignored: the run still finds the dead link', { timeout: 20_000 }, async () => {
    const { root, outside } = repoWith();
    const cache = join(outside, 'cache');
    const first = await cli(['--format', 'json', '--cache-location', cache], root);
    const names = readdirSync(cache);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      rmSync(join(cache, name), { recursive: true });
      symlinkSync('/dev/zero', join(cache, name));
    }
    const again = await cli(['--format', 'json', '--cache-location', cache], root);
    expect(again.stdout).toBe(first.stdout);
    expect(JSON.parse(again.stdout).findings.length).toBe(1);
  });
});

describe('--cache-location never takes a folder of the repository for its own (issue 15, item 2)', () => {
  /** A repository whose docs/ holds a broken link; every file and its bytes, to prove nothing was touched. */
  function docsRepo(): string {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-cache-location-')));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'README.md'), '# Readme\n\n[guide](docs/guide.md)\n');
    writeFileSync(join(root, 'docs', 'guide.md'), '# Guide\n\n[gone](gone.md)\n');
    writeFileSync(join(root, 'docs', 'ab'), 'a file with a name like a cache folder\n');
    return root;
  }
  const snapshot = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).sort().map((name) => [name, statSync(join(dir, name)).isFile() ? readFileSync(join(dir, name), 'utf8') : '/']);

  it('an existing folder with files of its own (docs, the root) is refused, and left as it was', async () => {
    const root = docsRepo();
    const before = snapshot(root);
    for (const location of ['docs', '.', 'docs/']) {
      const r = await cli(['--cache-location', location], root);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(/--cache-location (docs|\.|docs\/): holds .*, which is not a docwarden cache file/);
      expect(r.stderr).toContain('.docwarden-cache');
      expect(snapshot(root)).toEqual(before);
    }
  });

  it('a new folder inside docs/ leaves out only itself: docs are still checked, cold and warm, and gain only that folder', async () => {
    const root = docsRepo();
    const before = snapshot(join(root, 'docs'));
    const runs = [];
    for (let i = 0; i < 2; i++) runs.push(await cli(['--format', 'json', '--cache-location', 'docs/.docwarden-cache'], root));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(1);
      expect((JSON.parse(r.stdout) as JsonReport).findings.map((f) => `${f.path}:${f.line}`)).toEqual(['docs/guide.md:3']);
    }
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(readdirSync(join(root, 'docs', '.docwarden-cache')).some((n) => n.endsWith('.pack'))).toBe(true);
    expect(snapshot(join(root, 'docs')).filter(([name]) => !name.startsWith('.docwarden-cache'))).toEqual(before);
  });

  it('a cache folder git tracks is never read: a crafted pack committed there hides no finding, and the run says it used no cache', async () => {
    const root = docsRepo();
    const first = await cli(['--format', 'json', '--cache-location', '.cache'], root);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    // The pull request's crafted pack: the entry of docs/guide.md says its link goes to the README.
    const pack = readdirSync(join(root, '.cache')).find((n) => n.endsWith('.pack'))!;
    writeFileSync(join(root, '.cache', pack), readFileSync(join(root, '.cache', pack), 'utf8').replace('"gone.md"', '"../README.md"'));
    expect(JSON.parse((await cli(['--format', 'json', '--cache-location', '.cache'], root)).stdout).findings).toEqual([]);
    git('add', '-f', '.');
    git('commit', '-qm', 'with a committed cache');
    const packBytes = readFileSync(join(root, '.cache', pack));
    const r = await cli(['--format', 'json', '--cache-location', '.cache'], root);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toEqual((JSON.parse(first.stdout) as JsonReport).findings);
    expect(report.notices.map((n) => n.message)).toContain(
      '--cache-location .cache: git tracks files in it; a committed cache is never trusted, so this run used no cache (untrack the folder and add it to .gitignore)',
    );
    expect(readFileSync(join(root, '.cache', pack))).toEqual(packBytes);
  });
});

describe('file names that are not UTF-8 (issue 15, item 5)', () => {
  it('are listed apart and skipped with a note naming their bytes, with git, without and from the index (--staged); never "disappeared"', async () => {
    for (const mode of ['folder', 'git', 'staged'] as const) {
      const withGit = mode !== 'folder';
      const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-latin1-names-')));
      mkdirSync(join(root, 'docs'));
      writeFileSync(join(root, 'README.md'), '# Readme\n\n[gone](gone.md)\n');
      // Latin-1 names from another system: `café.md`, and a folder `Übersicht/` with a doc in it.
      writeFileSync(Buffer.from(join(root, 'docs', 'caf\xe9.md'), 'latin1'), '# Caf\n\n[also gone](also-gone.md)\n');
      mkdirSync(Buffer.from(join(root, 'docs', '\xdcbersicht'), 'latin1'));
      writeFileSync(Buffer.from(join(root, 'docs', '\xdcbersicht', 'a.md'), 'latin1'), '# A\n');
      if (withGit) {
        execFileSync('git', ['init', '-q'], { cwd: root });
        execFileSync('git', ['add', '.'], { cwd: root });
      }
      const r = await cli(['--no-cache', '--format', 'json', ...(mode === 'staged' ? ['--staged'] : [])], root);
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout) as JsonReport;
      // Never reported under a decoded name no file has (`docs/caf\uFFFD.md`, which --staged did).
      expect(report.findings.map((f) => f.path)).toEqual(['README.md']);
      const notes = report.notices.map((n) => n.message);
      expect(notes.join('\n')).not.toContain('disappeared');
      const why = ': its name is not valid UTF-8 (each byte that is not is shown as \\xHH), so no document can link to it and no report can name it; rename it in UTF-8 to have it checked';
      expect(notes).toContain(`skipped docs/caf\\xE9.md${why}`);
      expect(notes).toContain(withGit ? `skipped docs/\\xDCbersicht/a.md${why}` : `skipped docs/\\xDCbersicht/${why}`);
    }
  });
});

describe('messages are relativized only where docwarden wrote the absolute path (issue 15, item 5)', () => {
  it('a link written with the checkout path is quoted as written in text, JSON and SARIF', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-abs-text-')));
    writeFileSync(join(root, 'README.md'), `# Readme\n\n[the guide](${root}/guide.md)\n`);
    const json = JSON.parse((await cli(['--no-cache', '--format', 'json'], root)).stdout) as JsonReport;
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0].message).toContain(`\`${root}/guide.md\``);
    const text = (await cli(['--no-cache'], root)).stdout;
    expect(text).toContain(`\`${root}/guide.md\``);
    const sarif = JSON.parse((await cli(['--no-cache', '--format', 'sarif'], root)).stdout) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0].results[0].message.text).toBe(json.findings[0].message);
  });

  it('in a notice, only the root itself is rewritten, not a folder whose name starts with it', () => {
    expect(relativize('cannot read /work/repo/a.md, /work/repo, /work/repo-old/a.md or /work/repo2', '/work/repo')).toBe('cannot read a.md, ., /work/repo-old/a.md or /work/repo2');
  });
});

/** strace, when it is installed and may trace here (.ci/run installs it; a container may forbid ptrace). */
const straceWorks = (() => {
  const r = spawnSync('strace', ['-f', '-e', 'trace=open,openat,openat2', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  return r.status === 0;
})();

describe(
  straceWorks
    ? 'every open call of a hostile run, traced'
    : 'every open call of a hostile run, traced (skipped: strace is missing or cannot trace here; Debian: apt-get install -y strace; .ci/run installs it)',
  () => {
    /**
     * Issue 15's acceptance: under `strace -f -e trace=open,openat,openat2`, a run over a repository whose
     * configuration, baseline, cache and docs are symbolic links to files outside the root opens no path outside
     * the root and the user's cache folder, besides the program's own (node, git and the libraries they load).
     * The shipped bundle runs (test/action.test.ts keeps it up to date), as a user runs it.
     */
    const PROGRAM = [REPO, process.execPath, '/lib/', '/lib64/', '/usr/lib/', '/usr/lib64/', '/usr/share/', '/proc/', '/sys/fs/cgroup/', '/dev/null', '/dev/urandom', '/dev/tty'];
    // The dynamic loader, OpenSSL's defaults, the time zone, git's system configuration, libc's user lookup.
    const SYSTEM_FILES = ['/etc/ld.so.cache', '/etc/ssl/', '/etc/localtime', '/etc/gitconfig', '/etc/nsswitch.conf', '/etc/passwd', '/etc/group'];

    function traced(root: string, home: string, args: string[]): { status: number | null; opened: string[] } {
      const log = join(home, 'trace.txt');
      const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', log, process.execPath, join(REPO, 'dist-action', 'cli.js'), '--format', 'json', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' },
        timeout: 100_000,
      });
      const opened = readFileSync(log, 'utf8')
        .split('\n')
        .flatMap((line) => /\bopen(?:at2?)?\((?:AT_FDCWD, |-?\d+, )?"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? [])
        // git and the walk open relative paths from the root, where both run.
        .map((p) => resolve(root, p));
      return { status: r.status, opened };
    }

    function hostileLayout(): { base: string; root: string; outside: string; home: string } {
      const base = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-strace-')));
      const [root, outside, home] = ['repo', 'outside', 'home'].map((d) => join(base, d));
      for (const d of [join(root, 'docs'), outside, join(home, 'cache')]) mkdirSync(d, { recursive: true });
      writeFileSync(join(outside, 'docwarden.yml'), 'rules:\n  links: error\n');
      writeFileSync(join(outside, 'baseline.json'), '{"version":1,"entries":[]}\n');
      writeFileSync(join(outside, 'secret.md'), '[leak](LEAKED-SENTINEL.md)\n');
      writeFileSync(join(root, 'README.md'), '# Readme\n\n[gone](gone.md)\n');
      symlinkSync('../../outside/secret.md', join(root, 'docs', 'relative.md'));
      symlinkSync(join(outside, 'secret.md'), join(root, 'docs', 'absolute.md'));
      symlinkSync(outside, join(root, 'docs', 'folder'));
      execFileSync('git', ['init', '-q'], { cwd: root });
      return { base, root, outside, home };
    }

    const unexpected = (opened: string[], root: string, home: string) =>
      opened.filter(
        (p) => !(p === root || p.startsWith(`${root}/`) || p.startsWith(join(home, 'cache')) || [...PROGRAM, ...SYSTEM_FILES].some((q) => p === q || p.startsWith(q.endsWith('/') ? q : `${q}/`))),
      );

    it('configuration and baseline linked out of the root: refused, nothing outside opened', { timeout: 120_000 }, () => {
      for (const [name, target] of [
        ['docwarden.yml', 'docwarden.yml'],
        ['docwarden-baseline.json', 'baseline.json'],
      ]) {
        const { root, outside, home } = hostileLayout();
        symlinkSync(join(outside, target), join(root, name));
        const { status, opened } = traced(root, home, []);
        expect(status).toBe(2);
        expect(opened.some((p) => p.startsWith(`${root}/`))).toBe(true);
        expect(opened.filter((p) => p.startsWith(outside))).toEqual([]);
        expect(unexpected(opened, root, home)).toEqual([]);
      }
    });

    it('docs and cache files linked out of the root: the run finds the dead link and opens nothing outside', { timeout: 120_000 }, () => {
      const { root, outside, home } = hostileLayout();
      // Past the racy window, so that the first run also writes the stamp manifest (a doc's stamp is recorded only then).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_100);
      expect(traced(root, home, []).status).toBe(1);
      // Every file of the cache the first run wrote becomes a link to a file outside.
      const cacheFiles = (readdirSync(join(home, 'cache'), { recursive: true }) as string[]).filter((f) => statSync(join(home, 'cache', f)).isFile());
      expect(cacheFiles.some((f) => f.endsWith('.pack'))).toBe(true);
      expect(cacheFiles.some((f) => f.endsWith('.stamps'))).toBe(true);
      for (const f of cacheFiles) {
        rmSync(join(home, 'cache', f));
        symlinkSync(join(outside, 'secret.md'), join(home, 'cache', f));
      }
      const { status, opened } = traced(root, home, []);
      expect(status).toBe(1);
      expect(opened).toContain(join(root, 'README.md'));
      expect(opened.filter((p) => p.startsWith(outside))).toEqual([]);
      expect(unexpected(opened, root, home)).toEqual([]);
    });
  },
);

describe('property: hostile names, symbolic links and patterns (issue 15, acceptance)', () => {
  const SEED = Number(process.env.FC_SEED ?? 20261127);
  const RUNS = Math.min(Number(process.env.FC_RUNS ?? 1000), 40);
  /** A name segment: runner commands, option look-alikes, odd characters, or bytes that are not UTF-8. */
  const segment = fc.oneof(
    fc.constantFrom('::stop-commands::x', '##[add-mask]y', '--x', '--output=README.md', '-', 'a b', 'ü', 'new\nline', '%2e%2e', '#h', '.hidden', '::', 'x##[', 'x\n::warning::y'),
    fc.stringMatching(/^[a-z:#[\]-]{1,6}$/),
    fc.constantFrom(Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from([0xff, 0xfe]), Buffer.from([0x2d, 0x2d, 0xc3])),
  );
  /** What a symbolic link in the tree points at: out of the root, at a device, into a loop, at nothing, or at a file of the tree. */
  const linkTarget = fc.constantFrom('OUTSIDE/secret.md', '../outside/secret.md', '../../outside/secret.md', 'OUTSIDE', '/dev/zero', '/etc/passwd', 'self', '..', 'README.md', 'nowhere.md');
  // Patterns from a grammar with the catastrophic shapes (nested and overlapping loops, counted loops) and refused ones (backreferences).
  const atom = fc.constantFrom('a', '\\w', '\\d', '.', '(?:a|a)', '(?:a|aa)', '(a)\\1', '(?=a)a');
  const pattern: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
    p: fc.oneof(
      { depthSize: 'small' },
      atom,
      fc.tuple(tie('p'), tie('p')).map(([x, y]) => x + y),
      fc.tuple(tie('p'), tie('p')).map(([x, y]) => `(?:${x}|${y})`),
      fc.tuple(tie('p'), fc.constantFrom('*', '+', '{0,10}', '{2,}')).map(([x, q]) => `(?:${x})${q}`),
    ),
  })).p;
  const tree = fc.record({
    docs: fc.array(fc.array(segment, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
    links: fc.array(fc.tuple(segment, linkTarget), { maxLength: 4 }),
    pattern: fc.tuple(pattern, fc.constantFrom('', '$', 'x', 'b')).map(([p, end]) => p + end),
  });
  const bytesOf = (parts: (string | Buffer)[], ext: string) => Buffer.concat([...parts.flatMap((p, i) => [...(i ? [Buffer.from('/')] : []), Buffer.from(p)]), Buffer.from(ext)]);

  it('never throw, never hang past the budget, never print a runner command, never open a path outside the root', { timeout: 600_000 }, async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-hostile-props-')));
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.md'), '[leak](LEAKED-SENTINEL.md)\n');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(tree, async ({ docs, links, pattern: source }) => {
        const root = join(base, `repo-${n++}`);
        mkdirSync(root);
        writeFileSync(join(root, 'README.md'), `# Readme\n\n[gone](gone.md)\n\n${'a'.repeat(3_000)}!\n`);
        writeFileSync(join(root, 'docwarden.yml'), `rules:\n  pattern:\n    guards:\n      - id: p\n        files: ["**/*.md"]\n        pattern: ${JSON.stringify(source)}\n`);
        for (const parts of docs) {
          const rel = bytesOf(parts, '.md');
          mkdirSync(Buffer.concat([Buffer.from(`${root}/`), rel.subarray(0, Math.max(0, rel.lastIndexOf(0x2f)))]), { recursive: true });
          writeFileSync(Buffer.concat([Buffer.from(`${root}/`), rel]), `# T\n\n[r](/README.md) [o](../../outside/secret.md) [g](${rel.toString('latin1').replace(/[()\n]/g, '')})\n`);
        }
        for (const [name, to] of links) {
          try {
            symlinkSync(to.replace('OUTSIDE', outside), Buffer.concat([Buffer.from(`${root}/`), bytesOf([name], '.md')]));
          } catch {
            // the name is taken by a doc: that layout is covered by another case
          }
        }
        opened.length = 0;
        const started = Date.now();
        const text = await cli(['--no-cache'], root);
        const json = await cli(['--no-cache', '--format', 'json'], root);
        expect(Date.now() - started).toBeLessThan(60_000);
        expect(
          opened.filter((p) => p.startsWith(outside)),
          'opened outside the root',
        ).toEqual([]);
        for (const r of [text, json]) {
          if (r.code === 2) expect(r.stderr).toMatch(/configuration error: .*pattern is not a usable regular expression/);
          else expect(r.code, r.stderr).toBe(1);
          expect(r.stderr).not.toContain('internal error');
          for (const out of [r.stdout, r.stderr]) {
            expect(out).not.toContain('LEAKED-SENTINEL');
            expect(out).not.toContain('##[');
            expect(out.split(/\r?\n/).filter((l) => l.startsWith('::'))).toEqual([]);
          }
        }
        rmSync(root, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    rmSync(base, { recursive: true, force: true });
  });
});

describe('outputs that cannot destroy (issue 15, item 3; issue 14, item 4)', () => {
  function repoWithLink(): string {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-out-')));
    writeFileSync(join(root, 'README.md'), '# Readme\n\n[gone](gone.md)\n');
    return root;
  }

  it('creates missing parent folders of --output and --sarif', async () => {
    const root = repoWithLink();
    const r = await cli(['-o', 'reports/deep/x.txt', '--sarif', 'reports/x.sarif'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(readFileSync(join(root, 'reports/deep/x.txt'), 'utf8')).toContain('gone.md');
    expect(JSON.parse(readFileSync(join(root, 'reports/x.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('an output that is a folder, or below a file, is a usage error naming it, without a stack trace', async () => {
    const root = repoWithLink();
    mkdirSync(join(root, 'out'));
    const dir = await cli(['-o', 'out'], root);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toBe(`docwarden: cannot write the report to ${join(root, 'out')}: is a folder; give a file name for the report\nRun docwarden --help for usage.\n`);
    const below = await cli(['--sarif', 'README.md/x.sarif'], root);
    expect(below.code).toBe(2);
    expect(below.stderr).toContain(`cannot write the report to ${join(root, 'README.md/x.sarif')}: a parent of it is a file, not a folder`);
    expect(below.stderr).not.toMatch(/\n\s+at /);
  });

  it('never replaces a symbolic link: to a file it is an error, to a device it is written through', async () => {
    const root = repoWithLink();
    writeFileSync(join(root, 'real.txt'), 'keep me\n');
    symlinkSync('real.txt', join(root, 'link.txt'));
    const r = await cli(['-o', 'link.txt'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`link.txt: is a symbolic link to a file; docwarden does not replace links: write to ${join(root, 'real.txt')} instead`);
    expect(lstatSync(join(root, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'real.txt'), 'utf8')).toBe('keep me\n');
    // /dev/zero, not /dev/null: on the machine this was written on, /dev/null had already been replaced by a regular file.
    symlinkSync('/dev/zero', join(root, 'sink'));
    const d = await cli(['-o', 'sink', '--sarif', '/dev/zero'], root);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(1);
    expect(lstatSync(join(root, 'sink')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/zero').isCharacterDevice()).toBe(true);
  });

  it('a report written over an existing file keeps its mode', async () => {
    const root = repoWithLink();
    writeFileSync(join(root, 'private.txt'), 'old\n', { mode: 0o600 });
    chmodSync(join(root, 'private.txt'), 0o600);
    await cli(['-o', 'private.txt'], root);
    expect(statSync(join(root, 'private.txt')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'private.txt'), 'utf8')).toContain('gone.md');
  });

  it('an internal error is one line and a hint to re-run with --debug', async () => {
    const root = repoWithLink();
    const r = await cli(['--format', 'json'], root, {});
    expect(r.stderr).toBe('');
    const { main } = await import('../src/cli.js');
    let stderr = '';
    const io = {
      cwd: root,
      env: { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME },
      stdout: () => {
        throw new Error('stdout closed\nsecond line');
      },
      stderr: (t: string) => void (stderr += t),
      isTTY: false,
    };
    expect(await main([], io as never)).toBe(2);
    expect(stderr).toBe('docwarden: internal error: stdout closed\nRe-run with --debug for the trace, and report it with that trace.\n');
    stderr = '';
    await main(['--debug'], io as never);
    expect(stderr).toMatch(/^docwarden: internal error: Error: stdout closed\nsecond line\n\s+at /);
  });
});

describe('--fix keeps modes, owners and hard links, loses no edit, keeps anchors (issue 15, item 3)', () => {
  const rules = [TYPO_RULE];

  async function fixIn(files: Record<string, { text: string; mode?: number }>, before?: (dir: string) => void) {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-fixsafe-')));
    for (const [p, f] of Object.entries(files)) {
      writeFileSync(join(dir, p), f.text);
      if (f.mode !== undefined) chmodSync(join(dir, p), f.mode);
    }
    before?.(dir);
    const config = defaultConfig(RULES);
    const ws = new Workspace({ root: dir, config });
    const result = await run({ root: dir, config, rules, workspace: ws });
    return { dir, ws, result };
  }

  it('keeps the mode of a 0600 file and the x bit of a 0755 one', async () => {
    const { dir, ws, result } = await fixIn({ 'private.md': { text: 'teh\n', mode: 0o600 }, 'script.md': { text: 'teh\n', mode: 0o755 } });
    expect(writeFixes(ws, result.findings)).toEqual({ written: ['private.md', 'script.md'], skipped: [] });
    expect(statSync(join(dir, 'private.md')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'script.md')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'private.md'), 'utf8')).toBe('the\n');
  });

  it('leaves alone a read-only file, a file with other hard links, and a file edited since it was linted', async () => {
    const { dir, ws, result } = await fixIn({ 'ro.md': { text: 'teh\n', mode: 0o444 }, 'linked.md': { text: 'teh\n' }, 'edited.md': { text: 'teh\n' } }, (d) =>
      linkSync(join(d, 'linked.md'), join(d, 'other-name.txt')),
    );
    for (const p of ['ro.md', 'linked.md', 'edited.md']) ws.text(p);
    writeFileSync(join(dir, 'edited.md'), 'teh\nsaved meanwhile\n');
    const { written, skipped } = writeFixes(ws, result.findings);
    expect(written).toEqual([]);
    expect(skipped).toEqual([
      { path: 'edited.md', why: 'it changed while docwarden ran; run --fix again' },
      { path: 'linked.md', why: 'it has 1 other hard link(s), which replacing it would split; fix it by hand' },
      { path: 'ro.md', why: 'it is read-only' },
    ]);
    expect(readFileSync(join(dir, 'edited.md'), 'utf8')).toBe('teh\nsaved meanwhile\n');
    expect(readFileSync(join(dir, 'other-name.txt'), 'utf8')).toBe('teh\n');
    expect(statSync(join(dir, 'linked.md')).nlink).toBe(2);
  });

  it('does not apply a fix inside a heading, whose slug links point at', async () => {
    const { dir, ws, result } = await fixIn({ 'doc.md': { text: '# Install teh tool\n\nteh body\n' } });
    const { written, skipped } = writeFixes(ws, result.findings);
    expect(written).toEqual(['doc.md']);
    expect(skipped).toEqual([
      { path: 'doc.md', why: 'the fix at line 1 is inside the heading "Install teh tool": it would change the anchor #install-teh-tool that links point at; edit the heading and its links by hand' },
    ]);
    expect(readFileSync(join(dir, 'doc.md'), 'utf8')).toBe('# Install teh tool\n\nthe body\n');
  });
});

describe('file names are never options (issue 15, item 3)', () => {
  it('after `--`, a file named --output=README.md is a path: README.md is not overwritten', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-dashdash-')));
    writeFileSync(join(root, 'README.md'), '# Readme\n\nuncommitted edits\n');
    writeFileSync(join(root, '--output=README.md'), '[gone](gone.md)\n');
    const r = await cli(['--', '--output=README.md'], root);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('# Readme\n\nuncommitted edits\n');
    expect(r.stdout).toContain('--output=README.md\n  1:1-1:16');
    expect(r.code).toBe(1);
  });
});

describe('the shipped pre-commit hook', () => {
  it('passes the file names after `--`, so that none is read as an option', async () => {
    const { parse } = await import('yaml');
    const hooks = parse(readFileSync(join(import.meta.dirname, '..', '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; args?: string[]; pass_filenames: boolean }[];
    expect(hooks.find((h) => h.id === 'docwarden')).toMatchObject({ args: ['--'], pass_filenames: true });
  });
});

describe('output that cannot be read as a runner command (issue 15, item 5)', () => {
  it('a file named ::stop-commands::x.md and a link to x##[add-mask]y.md print no command in text, JSON or SARIF', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-cmd-')));
    writeFileSync(join(root, 'README.md'), '# Readme\n\n[x](x##[add-mask]y.md)\n');
    writeFileSync(join(root, '::stop-commands::x.md'), '[y](gone.md)\n');
    for (const format of ['text', 'json', 'sarif']) {
      const r = await cli(['--format', format], root);
      expect(r.code, format).toBe(1);
      const lines = r.stdout.split('\n');
      expect(
        lines.filter((l) => /^\s*::/.test(l)),
        format,
      ).toEqual([]);
      expect(r.stdout, format).not.toContain('##[');
      if (format === 'text') expect(r.stdout).toContain('./::stop-commands::x.md\n');
      else expect(JSON.stringify(JSON.parse(r.stdout))).toContain('##[add-mask]');
    }
  });

  it('a match cut at 80 UTF-16 units never leaves half a surrogate pair in JSON', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-cut-')));
    writeFileSync(join(root, 'docwarden.yml'), 'rules:\n  links: off\n  pattern:\n    guards:\n      - id: emoji\n        files: ["*.md"]\n        pattern: "x.+"\n');
    writeFileSync(join(root, 'README.md'), `x${'a'.repeat(78)}😀😀\n`);
    const r = await cli(['--format', 'json'], root);
    const message = (JSON.parse(r.stdout) as JsonReport).findings[0].message;
    expect(message).toContain(`x${'a'.repeat(78)}\``);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(message)).toBe(false);
  });
});

describe('reading a listed file', () => {
  it('reads a plain file opened without following links, and says what every other kind of path is', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-read-')));
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-read-out-')));
    writeFileSync(join(root, 'a.md'), '\uFEFF# A\n');
    writeFileSync(join(outside, 'secret.md'), '# secret\n');
    mkdirSync(join(root, 'dir'));
    symlinkSync('a.md', join(root, 'in.md'));
    symlinkSync(join(outside, 'secret.md'), join(root, 'out.md'));
    symlinkSync('nothing.md', join(root, 'dangling.md'));
    execFileSync('mkfifo', [join(root, 'fifo.md')]);
    writeFileSync(join(root, 'big.md'), 'x'.repeat(100));
    const read = (path: string) => readTextFile(root, root, path, 64);
    expect(read('a.md')).toEqual({ text: '# A\n', bom: true });
    expect(read('in.md')).toEqual({ text: '# A\n', bom: true });
    expect(read('out.md')).toBe('a symbolic link that points outside the repository');
    expect(read('dangling.md')).toBe('a symbolic link to nothing');
    expect(read('fifo.md')).toBe('not a regular file');
    expect(read('dir')).toBe('not a regular file');
    expect(read('gone.md')).toBe('the file disappeared while docwarden ran');
    expect(read('big.md')).toBe('larger than 64 bytes (100); raise max-file-size to read it');
    // A path that is not normal is joined, never concatenated.
    expect(read('dir/../a.md')).toEqual({ text: '# A\n', bom: true });
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

const CLI = join(REPO, 'dist-action', 'cli.js');

describe('a reader that closes the pipe early', () => {
  it('`docwarden | head -c 1`: the rest of the output is dropped, no EPIPE stack trace, the run keeps its exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docwarden-pipe-'));
    try {
      // 3,000 dead links: a report far larger than a pipe's buffer, so the writes go on after head has exited.
      writeFileSync(join(dir, 'README.md'), `# Demo\n\n${Array.from({ length: 3000 }, (_, i) => `- [page ${i}](missing-${i}.md)`).join('\n')}\n`);
      const script = `node ${JSON.stringify(CLI)} --no-cache --no-color --format json 2>err.txt | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat err.txt`;
      const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      const [status, ...stderr] = r.stdout.split('\n');
      expect(stderr.join('\n')).not.toMatch(/EPIPE|Unhandled 'error'|at /);
      expect(status).toBe('1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

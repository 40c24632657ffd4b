import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway git repository for tests that need history (base and head commits, the index). */
export class TempRepo {
  readonly root: string;

  constructor(files: Record<string, string> = {}) {
    this.root = mkdtempSync(join(tmpdir(), 'docwarden-repo-'));
    this.git('init', '-q', '-b', 'main');
    this.write(files);
  }

  /** Runs git with a fixed identity and dates, so commits are reproducible; returns trimmed stdout. */
  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        GIT_AUTHOR_DATE: '2026-05-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2026-05-01T00:00:00Z',
      },
    }).trim();
  }

  write(files: Record<string, string>): this {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.root, path)), { recursive: true });
      writeFileSync(join(this.root, path), text);
    }
    return this;
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** HEAD and `git status` together: what "the working tree and HEAD are untouched" compares. */
  state(): string {
    return `${this.git('rev-parse', 'HEAD')}\n${this.git('status', '--porcelain', '--untracked-files=all')}\n${this.git('rev-parse', '--abbrev-ref', 'HEAD')}`;
  }
}

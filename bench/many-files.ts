import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Issue 15's tree of 200,000 small Markdown files (0.1: 173 s and 1.4 GB cold). Each file is a heading and
 * two links (to the next file and to a heading of the README); one file in 1,000 also has a dead link, so
 * the run reports something. Acceptance: cold under 60 s and 800 MB, warm under 5 s.
 *
 *   npm run bench -- --many-files 200000 --only docwarden-cold,docwarden-warm --runs 3
 */
export function ensureManyFilesCorpus(work: string, count: number): string {
  const dir = join(work, `many-files-${count}`);
  if (existsSync(join(dir, '.git'))) return dir;
  const folders = Math.max(1, Math.ceil(count / 500));
  const path = (i: number) => `docs/d${i % folders}/f${i}.md`;
  writeFileSync(mkdirAt(dir, 'README.md'), '# Readme\n\n## Pages\n\nEvery page links here.\n');
  for (let i = 0; i < count; i++) {
    const next = path((i + 1) % count).replace(/^docs\//, '../');
    const dead = i % 1000 === 999 ? `\nAnd [a page that is gone](gone-${i}.md).\n` : '';
    writeFileSync(mkdirAt(dir, path(i)), `# Page ${i}\n\nNext: [page ${i + 1}](${next}), back to [the pages](../../README.md#pages).\n${dead}`);
  }
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', `${count} small Markdown files`);
  process.stderr.write(`generated ${count} small Markdown files in ${dir}\n`);
  return dir;
}

const made = new Set<string>();
/** `dir/rel`, its folder created once. */
function mkdirAt(dir: string, rel: string): string {
  const abs = join(dir, rel);
  const parent = abs.slice(0, abs.lastIndexOf('/'));
  if (!made.has(parent)) {
    mkdirSync(parent, { recursive: true });
    made.add(parent);
  }
  return abs;
}

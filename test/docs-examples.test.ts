import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { formatTextPlain } from '../src/formatters/text.js';
import { REPO } from './helpers.js';

/**
 * A rule page's `### Failing` and `### Passing` examples are small repositories:
 * "`path`:" followed by a fenced block is a file, a ```text block is the output;
 * files under `## Examples` before the first example (the configuration) are in both.
 * Running them keeps the page literally true (as ESLint checks its rule examples).
 */
interface Example {
  files: Map<string, string>;
  expected: string;
}

function examples(page: string, heading: string): Example {
  const start = page.indexOf(`### ${heading}\n`);
  if (start < 0) throw new Error(`no ### ${heading} section`);
  const own = blocks(sectionAt(page, start));
  // Files shown under `## Examples` before the first example (a `docwarden.yml`) belong to both examples.
  const examplesAt = page.indexOf('## Examples\n');
  const firstExample = page.indexOf('\n### ', examplesAt);
  const shared = examplesAt >= 0 && firstExample > examplesAt ? blocks(page.slice(examplesAt, firstExample)).files : new Map<string, string>();
  return { files: new Map([...shared, ...own.files]), expected: own.expected };
}

/** The section that starts at `start` (a heading line), up to the next heading outside a fenced block (the examples contain headings). */
function sectionAt(page: string, start: number): string {
  const lines = page.slice(start).split('\n');
  let inFence = false;
  let end = lines.length;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].startsWith('```')) inFence = !inFence;
    else if (!inFence && /^##+ /.test(lines[i])) {
      end = i;
      break;
    }
  }
  return lines.slice(1, end).join('\n');
}

/** The files ("`path`:" and a fenced block) and the expected output (a ```text block) written in a piece of a page. */
function blocks(section: string): Example {
  const files = new Map<string, string>();
  let expected = '';
  // A fence of three or more backticks, closed by the same run (````markdown holds a doc with code blocks).
  const block = /(?:^`([^`\n]+)`:\n\n)?^(`{3,})(\w*)\n([\s\S]*?)^\2$/gm;
  for (const m of section.matchAll(block)) {
    if (m[1]) files.set(m[1], m[4]);
    else if (m[3] === 'text') expected = m[4];
  }
  return { files, expected };
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function runExample(example: Example): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'docwarden-example-'));
  scratch.push(root);
  for (const [path, text] of example.files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // As a reader would run it: its docwarden.yml and baseline, if the example has them.
  const { result } = await lint({ cwd: root, root, cache: false, now: '2026-05-13' });
  return formatTextPlain(result.findings).trim();
}

/** Pages whose examples are not yet small repositories ("`path`:" before each file's block), with why. */
const NOT_YET_RUNNABLE: Record<string, string> = {
  'last-reviewed.md': 'the example needs git history (linked-code dates)',
};

it('lists only pages that exist as not yet runnable', () => {
  const pages = readdirSync(join(REPO, 'docs', 'rules'));
  expect(Object.keys(NOT_YET_RUNNABLE).filter((p) => !pages.includes(p))).toEqual([]);
});

for (const name of readdirSync(join(REPO, 'docs', 'rules')).sort()) {
  const page = readFileSync(join(REPO, 'docs', 'rules', name), 'utf8');
  const pending = NOT_YET_RUNNABLE[name];
  describe(`docs/rules/${name} examples`, () => {
    it.skipIf(pending !== undefined)('run as printed', async () => {
      const failing = examples(page, 'Failing');
      expect(failing.files.size, `${name}: each example file needs a "\`path\`:" line before its block`).toBeGreaterThan(0);
      expect(failing.expected.trim()).not.toBe('');
      expect(await runExample(failing)).toBe(failing.expected.trim());
      const passing = examples(page, 'Passing');
      expect(passing.files.size).toBeGreaterThan(0);
      expect(await runExample(passing)).toBe('');
    });
  });
}

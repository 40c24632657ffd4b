import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { formatTextPlain } from '../src/formatters/text.js';
import { REPO } from './helpers.js';

/**
 * A rule page's `### Failing` and `### Passing` examples are small repositories:
 * "`path`:" followed by a fenced block is a file, a ```text block is the output.
 * Running them keeps the page literally true (as ESLint checks its rule examples).
 */
interface Example {
  files: Map<string, string>;
  expected: string;
}

function examples(page: string, heading: string): Example {
  const start = page.indexOf(`### ${heading}\n`);
  if (start < 0) throw new Error(`no ### ${heading} section`);
  // The section ends at the next heading outside a fenced block (the examples contain headings).
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
  const section = lines.slice(1, end).join('\n');
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
  'baseline.md': 'the example shows only the baseline file, not the repository it was written for',
  'counts.md': 'the example shows one line of README.md, not the connector folders it counts',
  'docs-index.md': 'the example describes its repository in prose',
  'env-docs.md': 'the example files have no paths',
  'inventory.md': 'the example shows the doc, but describes the code files instead of showing them',
  'last-reviewed.md': 'the example needs git history (linked-code dates)',
  'pattern.md': 'not yet written as a small repository',
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

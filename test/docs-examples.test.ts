import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/load.js';
import { run } from '../src/engine/run.js';
import { formatTextPlain } from '../src/formatters/text.js';
import { RULES } from '../rules/index.js';
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
  const block = /(?:^`([^`\n]+)`:\n\n)?^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of section.matchAll(block)) {
    if (m[1]) files.set(m[1], m[3]);
    else if (m[2] === 'text') expected = m[3];
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
  const result = await run({ root, config: defaultConfig(RULES), rules: RULES, files: [...example.files.keys()] });
  return formatTextPlain(result.findings).trim();
}

describe('docs/rules/links.md examples', () => {
  const page = readFileSync(join(REPO, 'docs', 'rules', 'links.md'), 'utf8');

  it('prints exactly the failing example output', async () => {
    const failing = examples(page, 'Failing');
    expect(failing.files.size).toBeGreaterThan(0);
    expect(failing.expected.trim()).not.toBe('');
    expect(await runExample(failing)).toBe(failing.expected.trim());
  });

  it('reports nothing on the passing example', async () => {
    const passing = examples(page, 'Passing');
    expect(passing.files.size).toBeGreaterThan(0);
    expect(await runExample(passing)).toBe('');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractMarkdownFacts } from '../src/facts/markdown.js';
import { LineIndex } from '../src/facts/lines.js';

describe('parsing prints nothing on stderr', () => {
  const warnings: string[] = [];
  const listener = (w: Error) => warnings.push(w.message);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', listener);
  });
  afterEach(() => {
    process.off('warning', listener);
  });

  it('front matter with YAML warnings (an unknown directive) emits no process warning', async () => {
    const text = '---\n%FOO bar\n---\ntitle: x\n---\n\n# Doc\n';
    extractMarkdownFacts('doc.md', text, new LineIndex(text));
    // Process warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(warnings).toEqual([]);
  });
});

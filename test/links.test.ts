import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runFixture } from './helpers.js';

describe('links', () => {
  it('reports a broken definition once, with every use as a related location', async () => {
    const result = await runFixture(join(FIXTURES, 'links', 'invalid-definition'));
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding.location).toEqual({ path: 'README.md', range: { start: { line: 6, column: 1 }, end: { line: 6, column: 22 } } });
    expect(finding.related.map((r) => [r.path, r.range.start.line, r.range.start.column, r.range.end.column, r.message])).toEqual([
      ['README.md', 3, 10, 24, 'used here as [guide]'],
      ['README.md', 3, 35, 44, 'used here as [guide]'],
      ['README.md', 3, 56, 63, 'used here as [guide]'],
    ]);
  });
});

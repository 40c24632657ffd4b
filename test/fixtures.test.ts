import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTextPlain } from '../src/formatters/text.js';
import { FIXTURES, runFixture } from './helpers.js';

/**
 * Every folder fixtures/<rule>/<case>/ is a tiny repository. A case with an
 * expected.txt must report exactly those lines (so every other finding must be
 * absent); a case without one must report nothing. An optional case.json holds
 * run options ({ "now": "2026-05-13", "reportPaths": [...] }).
 * UPDATE_FIXTURES=1 rewrites expected.txt files (review the diff!).
 */
const ruleDirs = readdirSync(FIXTURES).filter((d) => d !== 'demo' && statSync(join(FIXTURES, d)).isDirectory());

for (const rule of ruleDirs.sort()) {
  describe(`fixtures/${rule}`, () => {
    const cases = readdirSync(join(FIXTURES, rule))
      .filter((c) => statSync(join(FIXTURES, rule, c)).isDirectory())
      .sort();
    for (const name of cases) {
      const dir = join(FIXTURES, rule, name);
      it(name, async () => {
        const optionsFile = join(dir, 'case.json');
        const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as { now?: string; reportPaths?: string[] }) : {};
        const result = await runFixture(dir, options);
        const actual = formatTextPlain(result.findings);
        const expectedFile = join(dir, 'expected.txt');
        if (process.env.UPDATE_FIXTURES && actual.trim()) writeFileSync(expectedFile, actual.endsWith('\n') ? actual : `${actual}\n`);
        const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8') : '';
        expect(actual.trim()).toBe(expected.trim());
        if (name.startsWith('valid')) expect(actual.trim()).toBe('');
        else expect(expected.trim(), `${rule}/${name}: a case not named valid-* must expect findings`).not.toBe('');
      });
    }
  });
}

import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/registry.js';
import { defaultConfig, parseConfig } from '../src/config/load.js';
import { run } from '../src/engine/run.js';
import { proposeConfig, proposeLastReviewed } from '../src/init.js';
import { Workspace } from '../src/workspace/workspace.js';
import { FIXTURES } from './helpers.js';

/** Every fixture layout, as a repository without its configuration and expected output. */
const layouts = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'demo')
  .flatMap((rule) =>
    readdirSync(join(FIXTURES, rule.name), { withFileTypes: true })
      .filter((c) => c.isDirectory())
      .map((c) => `${rule.name}/${c.name}`),
  )
  .sort();

describe('init on every fixture layout', () => {
  it.each(layouts)('%s: the proposal is valid and its first run finds nothing the layout does not contain', async (layout) => {
    const root = mkdtempSync(join(tmpdir(), 'docwarden-init-'));
    try {
      cpSync(join(FIXTURES, layout), root, { recursive: true, filter: (src) => !/(^|\/)(docwarden\.yml|expected\.txt|case\.json)$/.test(src) });
      const ws = new Workspace({ root, config: defaultConfig(RULES) });
      const proposal = await proposeConfig(ws, new Set(RULES.map((r) => r.id)));
      writeFileSync(join(root, 'docwarden.yml'), proposal.yaml);
      const config = parseConfig(proposal.yaml, 'docwarden.yml', RULES);
      const result = await run({ root, config, rules: RULES, now: '2026-05-13' });
      // Nothing it wrote is wrong: no glob that matches nothing, no document it cannot read.
      expect(result.findings.filter((f) => f.location.path === 'docwarden.yml').map((f) => f.message)).toEqual([]);
      // No proposed rule fails its own first run: what it finds today it reports as warnings (commands and cli-flags, on by default, included).
      expect(result.findings.filter((f) => f.level === 'error').map((f) => `${f.ruleId}: ${f.location.path}: ${f.message}`)).toEqual([]);
      // As many docs as init says carry a review date, the rule reads a date in (none is "missing" that init counted).
      const claimed = Number(/(\d+) docs? with a review date/.exec(proposal.found.join('\n'))?.[1] ?? 0);
      const files = (config.rules['last-reviewed']?.options.files as string[] | undefined) ?? [];
      const required = ws.match(files).filter((p) => ws.isDoc(p));
      const undated = result.findings.filter((f) => f.ruleId === 'last-reviewed' && f.messageId === 'missing').length;
      expect(required.length - undated).toBeGreaterThanOrEqual(claimed);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('takes for reviewed only the docs whose date last-reviewed reads', async () => {
    const root = join(FIXTURES, 'last-reviewed', 'unread-front-matter-key');
    const ws = new Workspace({ root, config: defaultConfig(RULES) });
    expect(proposeLastReviewed(ws, ws.docs())).toMatchObject({ reviewed: ['docs/read.md'], found: '1 doc with a review date (front matter last_reviewed)' });
  });
});

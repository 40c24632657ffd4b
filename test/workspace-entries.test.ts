import { expect, it } from 'vitest';
import { RULES } from '../src/registry.js';
import { Workspace } from '../src/workspace/workspace.js';
import { defaultConfig } from '../src/config/load.js';
it('lists the entries of a folder as a scan of every file would', () => {
  const files = ['a.md', 'b/c.md', 'b/d/e.md', 'b/d/f.md', 'b/g', 'x/y/z/w.md', 'b/d/e.txt'];
  const ws = new Workspace({ root: '/tmp', config: defaultConfig(RULES), files });
  const naive = (dir: string) => {
    const prefix = dir ? `${dir}/` : '';
    const n = new Set<string>();
    for (const f of ws.files) if (f.startsWith(prefix)) n.add(f.slice(prefix.length).split('/')[0]);
    return [...n].sort();
  };
  for (const d of ['', 'b', 'b/d', 'b/', 'x', 'x/y', 'x/y/z', 'nope', 'b/d/e.md']) expect(ws.entriesOf(d)).toEqual(naive(d.replace(/\/+$/, '')));
});

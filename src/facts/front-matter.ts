import { parse as parseYaml } from 'yaml';
import type { Range } from '../types.js';
import type { DocFrontMatter } from './types.js';

/**
 * A YAML front matter fact: its raw value and its data, or why it does not parse. Both Markdown extractors
 * build it here, so they agree byte for byte. Duplicate keys are allowed (yaml's check is quadratic) and
 * aliases are capped (a billion-laughs block stays small).
 */
export function yamlFrontMatter(raw: string, range: Range): DocFrontMatter {
  const fm: DocFrontMatter = { format: 'yaml', raw, range };
  try {
    const data: unknown = parseYaml(raw, { maxAliasCount: 100, logLevel: 'error', uniqueKeys: false });
    fm.data = JSON.parse(JSON.stringify(data ?? null)) as unknown;
  } catch (err) {
    fm.error = (err as Error).message.split('\n')[0];
  }
  return fm;
}

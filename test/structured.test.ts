import { describe, expect, it } from 'vitest';
import { extractStructuredFacts, parseDataPath, scalarText, selectData } from '../src/facts/structured.js';

const values = (text: string, path: string, file = 'x.yaml') => {
  const facts = extractStructuredFacts(file, text);
  const steps = parseDataPath(path);
  if (typeof steps === 'string') throw new Error(steps);
  return selectData(facts.roots, steps).map((m) => ({ keys: m.keys.join('/'), value: scalarText(m.node), text: text.slice(m.node.start, m.node.end) }));
};

describe('structured facts and data paths', () => {
  const openapi = 'info:\n  version: 1.2.3\npaths:\n  /certs:\n    get: { operationId: listCerts }\n    post:\n      operationId: createCert\n  /agents:\n    get:\n      operationId: listAgents\n';

  it('selects values through wildcards, with the keys that led to them and their offsets', () => {
    expect(values(openapi, 'paths.*.*.operationId')).toEqual([
      { keys: 'paths//certs/get/operationId', value: 'listCerts', text: 'listCerts' },
      { keys: 'paths//certs/post/operationId', value: 'createCert', text: 'createCert' },
      { keys: 'paths//agents/get/operationId', value: 'listAgents', text: 'listAgents' },
    ]);
    expect(values(openapi, '$.info.version')).toEqual([{ keys: 'info/version', value: '1.2.3', text: '1.2.3' }]);
    expect(values(openapi, '..operationId').map((v) => v.value)).toEqual(['listCerts', 'createCert', 'listAgents']);
  });

  it('reads JSON with quoted keys and indexes', () => {
    const json = '{"scripts": {"build": "tsc", "test.unit": "vitest"}, "files": ["a", "b"]}';
    expect(values(json, 'scripts["test.unit"]', 'package.json').map((v) => v.value)).toEqual(['vitest']);
    expect(values(json, 'files[1]', 'package.json').map((v) => v.value)).toEqual(['b']);
    expect(values(json, 'scripts.*', 'package.json').map((v) => v.keys)).toEqual(['scripts/build', 'scripts/test.unit']);
  });

  it('reads TOML tables, arrays of tables and dotted keys with positions', () => {
    const toml = 'name = "demo"\n[tool.poetry]\nversion = "0.4.0"\n[[bin]]\nname = "a"\n[[bin]]\nname = "b"\nsite.url = "https://x"\n';
    expect(values(toml, 'tool.poetry.version', 'pyproject.toml')).toEqual([{ keys: 'tool/poetry/version', value: '0.4.0', text: '"0.4.0"' }]);
    expect(values(toml, 'bin.*.name', 'pyproject.toml').map((v) => v.value)).toEqual(['a', 'b']);
    expect(values(toml, 'bin[1].site.url', 'pyproject.toml').map((v) => v.value)).toEqual(['https://x']);
  });

  it('keeps a syntax error as a fact instead of throwing', () => {
    expect(extractStructuredFacts('bad.json', '{"a": ').error).toBeDefined();
    expect(extractStructuredFacts('bad.toml', 'a = = 1').error).toBeDefined();
  });

  it('rejects malformed paths with a reason', () => {
    expect(parseDataPath('a[')).toMatch(/not closed/);
    expect(parseDataPath('a[x]')).toMatch(/write/);
    expect(parseDataPath('')).toMatch(/empty/);
  });
});

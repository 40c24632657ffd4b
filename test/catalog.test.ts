import { describe, expect, it } from 'vitest';
import { catalogAllowlist, joinCatalog, joinCatalogs, type CatalogOptions, type CatalogSite, type DefinedName, type MentionedName } from '../src/api/catalog.js';
import type { AllowlistContext } from '../src/api/allowlist.js';
import type { ReportDescriptor, RuleNotice } from '../src/api/rule.js';

/** A site on line `line` of `path`, columns 1 to 1 + length. */
const at = (path: string, line: number, length = 3): CatalogSite => ({ path, range: { start: { line, column: 1 }, end: { line, column: 1 + length } } });
const def = (name: string, ...sites: CatalogSite[]): DefinedName => ({ name, sites: sites.length ? sites : [at('src/a.ts', 1)] });
const said = (name: string, line = 1, path = 'README.md'): MentionedName => ({ name, site: at(path, line, name.length) });
const family = (name: string, line = 1): MentionedName => {
  const prefix = name.slice(0, name.search(/[<*]/));
  return { name, site: at('README.md', line, name.length), family: { prefix, test: (n) => n.startsWith(prefix) && n.length > prefix.length } };
};
const base: CatalogOptions = { direction: 'both', families: 'explicit', today: '2026-06-01', label: 'test' };
const summary = (defined: DefinedName[], mentioned: MentionedName[], options: Partial<CatalogOptions> = {}) =>
  joinCatalog(defined, mentioned, { ...base, ...options }).reports.map((r) => `${r.messageId} ${r.path}:${r.range.start.line} ${JSON.stringify(r.data)}`);

describe('joinCatalog', () => {
  it('reports both directions: defined but never mentioned, mentioned but never defined', () => {
    expect(summary([def('build'), def('lint')], [said('build'), said('deploy', 2)])).toEqual(['undocumented src/a.ts:1 {"name":"lint"}', 'phantom README.md:2 {"name":"deploy"}']);
  });

  it('reports nothing when every name is both defined and mentioned', () => {
    expect(summary([def('build'), def('test')], [said('build'), said('test', 3)])).toEqual([]);
  });

  it('direction narrows the report to one side', () => {
    const defined = [def('lint')];
    const mentioned = [said('deploy')];
    expect(summary(defined, mentioned, { direction: 'phantom' })).toEqual(['phantom README.md:1 {"name":"deploy"}']);
    expect(summary(defined, mentioned, { direction: 'undocumented' })).toEqual(['undocumented src/a.ts:1 {"name":"lint"}']);
  });

  it('suggests the closest defined name, with its sites as related locations', () => {
    const [r] = joinCatalog([def('test:unit', at('package.json', 4)), def('build')], [said('test:unti', 2), said('build')], base).reports.filter((x) => x.messageId === 'phantomDidYouMean');
    expect(r.data).toEqual({ name: 'test:unti', suggestion: 'test:unit' });
    expect(r.related).toEqual([{ ...at('package.json', 4), message: '`test:unit` is read here' }]);
  });

  it('calls a mutual best match a rename, pointing at the stale mention', () => {
    const { reports } = joinCatalog([def('APP_LISTEN_ADDR', at('main.go', 7))], [said('APP_LISTEN_ADR', 5)], base);
    expect(reports.map((r) => r.messageId)).toEqual(['undocumentedRenamed', 'phantomDidYouMean']);
    expect(reports[0].data).toEqual({ name: 'APP_LISTEN_ADDR', phantom: 'APP_LISTEN_ADR' });
    expect(reports[0].related?.[0]).toMatchObject({ path: 'README.md', message: '`APP_LISTEN_ADR` is mentioned here' });
  });

  it('uses the configured did-you-mean and words', () => {
    const { reports } = joinCatalog([def('alpha')], [said('omega')], { ...base, direction: 'phantom', suggest: (_n, c) => c[0] ?? null, verbs: { defined: 'defined', exported: 'set' } });
    expect(reports[0].messageId).toBe('phantomDidYouMean');
    expect(reports[0].related?.[0].message).toBe('`alpha` is defined here');
  });

  it('keeps the first site for the finding and lists the others, sorted and without duplicates', () => {
    const { reports } = joinCatalog([def('X', at('b.go', 2), at('a.go', 9)), def('X', at('a.go', 9), at('a.go', 3))], [], base);
    expect(reports).toHaveLength(1);
    expect(reports[0].path).toBe('a.go');
    expect(reports[0].range.start.line).toBe(3);
    expect(reports[0].related?.map((r) => `${r.path}:${r.range.start.line}`)).toEqual(['a.go:9', 'b.go:2']);
  });

  it('a family documents only run-time names when explicit, every name it matches when prefix, nothing when off', () => {
    const defined = [def('APP_DB_URL'), { ...def('APP_PROFILE_'), prefix: true }];
    const mentioned = [family('APP_DB_*'), family('APP_PROFILE_<NAME>', 2)];
    expect(summary(defined, mentioned, { families: 'explicit' })).toEqual(['undocumented src/a.ts:1 {"name":"APP_DB_URL"}']);
    expect(summary(defined, mentioned, { families: 'prefix' })).toEqual([]);
    expect(summary(defined, mentioned, { families: 'off' })).toEqual(['undocumented src/a.ts:1 {"name":"APP_DB_URL"}', 'undocumentedPrefix src/a.ts:1 {"name":"APP_PROFILE_"}']);
  });

  it('a family that stands for no defined name is a phantom family', () => {
    expect(summary([def('APP_DB_URL')], [said('APP_DB_URL'), family('APP_CACHE_*', 2)])).toEqual(['phantomFamily README.md:2 {"name":"APP_CACHE_*"}']);
  });

  it('a prefix the code builds names from defines every name starting with it', () => {
    expect(summary([{ ...def('APP_PROFILE_'), prefix: true }], [said('APP_PROFILE_ADMIN')])).toEqual([]);
  });

  it('names the code only spells are not phantoms, and are not required in the docs', () => {
    expect(summary([], [said('APP_SETTING')], { known: new Set(['APP_SETTING']) })).toEqual([]);
  });

  it('exported names count as defined for mentions and are reported undocumented only on request', () => {
    const defined = [{ ...def('CHILD_TOKEN'), exported: true }];
    expect(summary(defined, [])).toEqual([]);
    expect(summary(defined, [], { reportExported: true })).toEqual(['undocumentedExported src/a.ts:1 {"name":"CHILD_TOKEN"}']);
    expect(summary(defined, [said('CHILD_TOKEN')])).toEqual([]);
    // A name both read and exported is a read.
    expect(summary([...defined, def('CHILD_TOKEN')], [], { reportExported: true })).toEqual(['undocumented src/a.ts:1 {"name":"CHILD_TOKEN"}']);
  });

  it('the allowlist suppresses both directions; unused and expired entries are findings, or notices without a place', () => {
    const conf = at('docwarden.yml', 5);
    const allow = [
      { name: 'lint|deploy', why: 'internal', at: conf },
      { name: 'old-.*', why: 'gone', at: at('docwarden.yml', 8) },
      { name: 'build', why: 'temporary', until: '2026-01-31', at: at('docwarden.yml', 11) },
      { name: 'nowhere', why: 'no place' },
    ];
    const { reports, notices } = joinCatalog([def('lint'), def('build')], [said('deploy'), said('build', 2)], { ...base, allow });
    expect(reports.map((r) => `${r.messageId} ${r.level} ${r.path}:${r.range.start.line} ${r.fingerprintKey}`)).toEqual([
      'allowUnused warning docwarden.yml:8 allow:old-.*',
      'allowExpired error docwarden.yml:11 allow:build',
    ]);
    expect(notices).toEqual([{ level: 'warning', message: 'test: allowlist entry nowhere suppresses nothing' }]);
  });

  it('an entry still in force on its until day is not expired', () => {
    const allow = [{ name: 'lint', why: 'w', until: '2026-06-01', at: at('docwarden.yml', 2) }];
    expect(joinCatalog([def('lint')], [], { ...base, allow }).reports).toEqual([]);
  });

  it('tells --changed what each direction depends on, and namespaces sub-rule and fingerprint', () => {
    const { reports } = joinCatalog([def('lint')], [said('deploy')], {
      ...base,
      subRule: 'npm',
      keyPrefix: 'npm:package.json:',
      definedIn: { paths: ['package.json'] },
      mentionedIn: { globs: ['**/*.md'] },
    });
    expect(reports.map((r) => [r.messageId, r.subRule, r.fingerprintKey, r.dependsOn, r.dependsOnGlobs])).toEqual([
      ['undocumented', 'npm', 'npm:package.json:lint', undefined, ['**/*.md']],
      ['phantom', 'npm', 'npm:package.json:deploy', ['package.json'], undefined],
    ]);
  });

  it('merges the mention data into the message data', () => {
    const m = { ...said('deploy'), data: { command: 'npm run deploy', file: 'package.json' } };
    expect(joinCatalog([], [m], base).reports[0].data).toEqual({ command: 'npm run deploy', file: 'package.json', name: 'deploy' });
  });

  it('joins several catalogs: each mention against its own names, one allowlist for all', () => {
    const allow = [{ name: 'deploy', why: 'internal', at: at('docwarden.yml', 3) }];
    const { reports } = joinCatalogs(
      [
        { defined: [def('build', at('package.json', 2))], mentioned: [said('biuld', 1)], keyPrefix: 'package.json:', definedIn: { paths: ['package.json'] } },
        { defined: [def('lint', at('web/package.json', 2))], mentioned: [said('build', 2)], keyPrefix: 'web/package.json:', definedIn: { paths: ['web/package.json'] } },
      ],
      { ...base, direction: 'phantom', allow },
    );
    // `build` exists only in the first catalog: the second one's mention is a phantom with no suggestion from elsewhere.
    expect(reports.map((r) => `${r.messageId} ${r.range.start.line} ${r.fingerprintKey} ${r.dependsOn}`)).toEqual([
      'phantomDidYouMean 1 package.json:biuld package.json',
      'phantom 2 web/package.json:build web/package.json',
      'allowUnused 3 allow:deploy undefined',
    ]);
    // An entry used by one catalog is used.
    const both = joinCatalogs(
      [
        { defined: [def('x')], mentioned: [said('x')] },
        { defined: [], mentioned: [said('deploy')] },
      ],
      { ...base, allow },
    );
    expect(both.reports).toEqual([]);
  });

  it('takes its allowlist as `allowed(name)`: an allowed name is reported in neither direction, and the join reports no entry itself', () => {
    const asked: string[] = [];
    const allowed = (name: string) => (asked.push(name), name === 'lint' || name === 'deploy');
    const { reports, notices } = joinCatalog([def('lint'), def('build')], [said('deploy'), said('tset', 2)], { direction: 'both', families: 'explicit', allowed });
    expect(reports.map((r) => `${r.messageId} ${JSON.stringify(r.data)}`)).toEqual(['undocumented {"name":"build"}', 'phantom {"name":"tset"}']);
    expect(notices).toEqual([]);
    // Both directions are judged whatever `direction` says, so an entry that exempts a name is used either way.
    asked.length = 0;
    joinCatalog([def('lint')], [said('deploy')], { direction: 'phantom', families: 'explicit', allowed });
    expect(asked.sort()).toEqual(['deploy', 'lint']);
  });
});

describe('catalogAllowlist', () => {
  /** A rule context that records what the allowlist reports; `docwarden.yml` line 10 + i holds entry i. */
  const recorder = (now: string) => {
    const reports: ReportDescriptor[] = [];
    const notices: RuleNotice[] = [];
    const ctx: AllowlistContext = {
      now: new Date(`${now}T12:00:00Z`),
      configLocation: (path) => (typeof path[path.length - 1] === 'number' ? at('docwarden.yml', 10 + Number(path[path.length - 1])) : null),
      report: (r) => void reports.push(r),
      notice: (n) => void notices.push(n),
    };
    return { ctx, reports, notices };
  };

  it('matches whole names, uses the first entry that matches, and reports expired and unused entries at their place', () => {
    const { ctx, reports, notices } = recorder('2026-06-01');
    const entries = [
      { name: 'APP_.*', why: 'internal' },
      { name: 'APP_DEBUG', why: 'shadowed by the entry above', until: '2027-01-01' },
      { name: 'OLD', why: 'temporary', until: '2026-05-31' },
      { name: 'APP', why: 'not a prefix: names match whole' },
    ];
    const list = catalogAllowlist(ctx, entries, { at: ['rules', 'env-docs', 'allow'], label: 'env-docs' });
    expect(['APP_DEBUG', 'APP_X', 'OLD', 'APPX'].map((n) => list.allows(n))).toEqual([true, true, true, false]);
    list.reportStale();
    expect(reports.map((r) => `${r.messageId} ${r.level} ${r.path}:${r.range.start.line} ${r.fingerprintKey} ${JSON.stringify(r.data)}`)).toEqual([
      'allowUnused warning docwarden.yml:11 allow:APP_DEBUG {"name":"APP_DEBUG","until":"2027-01-01","why":"shadowed by the entry above"}',
      'allowExpired error docwarden.yml:12 allow:OLD {"name":"OLD","until":"2026-05-31","why":"temporary"}',
      'allowUnused warning docwarden.yml:13 allow:APP {"name":"APP","until":"","why":"not a prefix: names match whole"}',
    ]);
    expect(notices).toEqual([]);
  });

  it('is a notice naming the rule when the entry has no place in a configuration file', () => {
    const { ctx, reports, notices } = recorder('2026-06-01');
    const list = catalogAllowlist(ctx, [{ name: 'X', why: 'w', until: '2026-01-31' }], { at: ['rules', 'commands', 'allow'], label: 'commands', locate: () => null });
    list.reportStale();
    expect(reports).toEqual([]);
    expect(notices).toEqual([{ level: 'error', message: 'commands: allowlist entry X expired on 2026-01-31' }]);
  });
});

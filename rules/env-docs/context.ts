import type { RepositoryFacts } from '../../src/api/index.js';

type StructuredNode = NonNullable<ReturnType<RepositoryFacts['structured']>>['roots'][number];

/**
 * Context the env-docs join needs beyond reads and mentions: the variables the
 * repository's own CI sets for its scripts (hypothetical mentions: `inHypotheticalSentence` in the rule API).
 */

/** The CI configurations whose `env:`/`variables:` maps give variables to the jobs' scripts. */
const CI_FILES = ['.github/workflows/*.yml', '.github/workflows/*.yaml', '.gitlab-ci.yml', '.forgejo/workflows/*.yml', '.gitea/workflows/*.yml'];

/** The keys of a map node, or none. */
const keysOf = (node: StructuredNode | undefined): string[] => (node?.entries ?? []).map((e) => e.key);

/** The value of `key` in a map node. */
const child = (node: StructuredNode | undefined, key: string): StructuredNode | undefined => node?.entries?.find((e) => e.key === key)?.node;

/**
 * The variables the repository's CI workflows set: GitHub (and Forgejo/Gitea) workflow-, job- and step-level
 * `env:` keys, and GitLab's top-level and job-level `variables:`. Returns the names.
 */
export function ciSetNames(ws: RepositoryFacts): Set<string> {
  const out = new Set<string>();
  for (const path of ws.match(CI_FILES)) {
    for (const root of ws.structured(path)?.roots ?? []) {
      if (path.endsWith('.gitlab-ci.yml')) {
        for (const k of keysOf(child(root, 'variables'))) out.add(k);
        for (const job of root.entries ?? []) for (const k of keysOf(child(job.node, 'variables'))) out.add(k);
        continue;
      }
      for (const k of keysOf(child(root, 'env'))) out.add(k);
      for (const job of child(root, 'jobs')?.entries ?? []) {
        for (const k of keysOf(child(job.node, 'env'))) out.add(k);
        for (const step of child(job.node, 'steps')?.items ?? []) for (const k of keysOf(child(step, 'env'))) out.add(k);
      }
    }
  }
  return out;
}

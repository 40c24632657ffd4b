import { SLUG_PROFILES } from '../sites/slugs.js';
import type { JsonSchema } from './rule.js';

/**
 * The options that say how written link destinations become repository paths. `links` takes them at its
 * top level; every other rule that follows links takes them as its own `link-resolution` block, which
 * defaults to what `links` is configured with (see withLinkResolutionDefaults), never reading it at run time.
 */
export const LINK_RESOLUTION_PROPERTIES: { [name: string]: JsonSchema } = {
  'repository-urls': {
    type: 'array',
    items: { type: 'string', pattern: '^https?://' },
    description: 'URLs of this repository (https://github.com/OWNER/REPO); default: from the git remotes',
  },
  'fallback-extensions': {
    type: 'array',
    items: { type: 'string', pattern: '^\\.' },
    default: [],
    description: 'extensions tried for extensionless links, as documentation sites resolve them (e.g. [".md", ".mdx"])',
  },
  'site-paths': {
    type: 'object',
    additionalProperties: { type: 'string' },
    default: {},
    description: 'URL prefix → repository folder for root-relative links of a documentation site',
  },
  sites: {
    type: 'boolean',
    default: true,
    description:
      "detect documentation sites (MkDocs, Zensical, Hugo, Docusaurus, VitePress, Starlight, mdBook, docsify) from their configuration and resolve their docs' links and anchors as the generator does",
  },
  slugs: {
    description: "the heading-id rules of docs: one profile for all, or glob → profile; default: each detected site's generator, GitHub elsewhere",
    oneOf: [
      { type: 'string', enum: [...SLUG_PROFILES] },
      { type: 'object', additionalProperties: { type: 'string', enum: [...SLUG_PROFILES] } },
    ],
  },
};

/** The `link-resolution` option of a rule that follows links. */
export const LINK_RESOLUTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: LINK_RESOLUTION_PROPERTIES,
  description: "how links are followed (repository-urls, fallback-extensions, site-paths, sites, slugs, as for links); default: the links rule's settings",
};

/**
 * A configuration's rules with `link-resolution` filled in where a rule takes it and does not set it: the
 * `links` rule's link-following options, so a docs-site link resolves the same in every rule by default.
 */
export function withLinkResolutionDefaults(rules: Record<string, { options: Record<string, unknown>; instances?: { options: Record<string, unknown> }[] }>, takesIt: readonly string[]): void {
  const links = rules['links']?.options ?? {};
  const shared = Object.fromEntries(
    Object.keys(LINK_RESOLUTION_PROPERTIES)
      .filter((k) => links[k] !== undefined)
      .map((k) => [k, links[k]]),
  );
  if (Object.keys(shared).length === 0) return;
  for (const id of takesIt) {
    for (const entry of rules[id]?.instances ?? (rules[id] ? [rules[id]] : [])) {
      if (entry.options['link-resolution'] === undefined) entry.options['link-resolution'] = structuredClone(shared);
    }
  }
}

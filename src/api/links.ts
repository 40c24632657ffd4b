import type { DocLinkKind } from '../facts/types.js';
import type { SlugProfile } from '../sites/slugs.js';
import { linkResolveOptions, resolveLink as resolveInWorkspace, type ResolvedLink, type ResolveOptions } from '../workspace/resolve.js';
import { workspaceOf } from './context.js';
import type { RuleContext } from './rule.js';

/** The options that say how written link destinations become repository paths (each rule that follows links has its own). */
export interface LinkResolutionOptions {
  'repository-urls'?: string[];
  'fallback-extensions'?: string[];
  'site-paths'?: Record<string, string>;
  sites?: boolean;
  slugs?: SlugProfile | Record<string, SlugProfile>;
}

/** How this rule resolves link destinations, from its own link-resolution options (documentation sites are detected from their generators). */
export function linkResolution(ctx: RuleContext<unknown>, options: LinkResolutionOptions = {}): ResolveOptions {
  return linkResolveOptions(workspaceOf(ctx), options);
}

/** Resolves a link destination written in `fromDoc` to a repository path, from the file list (never the file system). */
export function resolveLink(ctx: RuleContext<unknown>, fromDoc: string, url: string, options: ResolveOptions, kind?: DocLinkKind): ResolvedLink {
  return resolveInWorkspace(workspaceOf(ctx), fromDoc, url, options, kind);
}

/**
 * The rule API: the only module `rules/*.ts` import (a test in test/boundaries.test.ts says so).
 * A rule gets a frozen, read-only context (`RuleContext`) and the shared pure helpers below;
 * it never sees the workspace, the file system, git or another rule's options.
 */

// Rules, their context and what they report.
export { defineRule, cutText, HELP_BASE, type ConfigPath, type GitFact, type JsonSchema, type ReportDescriptor, type RuleContext, type RuleModule, type RuleNotice, type SubRule } from './rule.js';
export type { FileText, RepositoryFacts } from './facts.js';
export type { Fix, Level, Location, Range, RelatedLocation, TextEdit } from '../types.js';
export type { LastCommit } from '../workspace/git.js';

// One home for each shared concept.
export { closest, didYouMean, editDistance } from './suggest.js';
export { globCaptures, globList, globMatcher } from './globs.js';
export { MARKDOWN_EXTENSION, MDX_EXTENSION, relativeLink } from './paths.js';
export { namesakesOf, suggestMovedPath, type MovedPathOptions } from './path-suggest.js';
export { allowlist, type AllowEntry, type Allowlist, type AllowlistContext, type AllowlistSpec } from './allowlist.js';
export { matchInputs, MISSING_SCHEMA, reportUnreadableInput, type ConfiguredInput } from './inputs.js';
export { linkResolution, resolveLink, type LinkResolutionOptions } from './links.js';
export { LINK_RESOLUTION_PROPERTIES, LINK_RESOLUTION_SCHEMA } from './link-options.js';

// Option schemas shared by rules.
export { GLOBS_SCHEMA, UNTIL_SCHEMA, WHY_SCHEMA, WINDOW_SCHEMA } from '../config/schema.js';

// Patterns users write (linear-time engine) and expressions.
export { checkUserRegex, compileUserRegex, type UserRegex } from '../config/regex.js';
export { evaluateExpression, parseExpression } from '../config/expression.js';

// Facts: their types and the pure readers over them.
export type { CommentSpan, DocFacts, DocLink, EnvCodeFacts, OptionalFact } from '../facts/types.js';
export type { LineIndex } from '../facts/lines.js';
export { findCountClaims, formatNumberLike } from '../facts/numbers.js';
export { inHypotheticalSentence, namesAnExample, namesSomethingExcluded, namesSomethingMoved, namesSomethingToMake, sentenceAround } from '../facts/prose.js';
export { editionPattern, editionRanges, shortcodeNamesEdition } from '../facts/editions.js';
export { findSection, nonProseSpans, sectionEntries, splitDocRef, type InventoryEntry } from '../facts/sections.js';
export { dataKeyOf, parseDataPath, scalarText, selectData, type DataMatch } from '../facts/structured.js';
export { commentSpans, inSpans } from '../facts/source.js';
export { codeMatches, commentsOf, exemptByLines, lineWindow, type CodeMatch } from '../workspace/matches.js';
export { codePathOf, dirOf, folderReadme, normalizePath, safeDecode, type ResolveOptions } from '../workspace/resolve.js';

// Environment-variable readers (env-docs).
export { ENV_READERS, READER_COMMENT_FAMILY, hasPatternReader, readEnvNames, type EnvNameRead, type EnvReader } from '../facts/env-readers.js';
export { joinEnvReads, TREE_READERS, treeLanguageOf, type TreeReader } from '../facts/env-trees.js';
export { loadGrammars } from '../facts/syntax.js';
export {
  codeIdentifierUse,
  coveredBySecretFile,
  PROGRAM_SOURCE,
  scanNameMentions,
  suggestEnvName,
  wholeNameRegex,
  wholeNameTest,
  withoutFormatVerbs,
  UNDERLINE_MARKUP_DOC,
  withoutUnderlineMarkup,
  type EnvNameMention,
} from '../facts/env-names.js';
export { manifestNames, type ManifestNames } from '../facts/dependencies.js';
export { Checkouts, foreignFolders, linksOtherRepository, linksScriptElsewhere, ownManifestNames, ownNames, repositoryNameOf } from './checkouts.js';

// Documentation sites (links, docs-index).
export { headingIds, nearPageUrl, publishedUrl, relativeUrl, resolveHugoRef, SLUG_PROFILES, splitCustomId, type DocSite, type HugoRefIndex, type SlugProfile } from '../sites/index.js';
export { normalizeLabel, sphinxResolvesElsewhere } from '../sites/sphinx.js';
export {
  CATALOG_ALLOW_EXPIRED,
  CATALOG_MESSAGE_IDS,
  catalogAllowlist,
  catalogAllowSchema,
  joinCatalog,
  joinCatalogs,
  type CatalogAllowEntry,
  type CatalogAllowlistSpec,
  type CatalogGroup,
  type CatalogOptions,
  type CatalogReport,
  type CatalogResult,
  type CatalogSite,
  type DefinedName,
  type MentionedName,
} from './catalog.js';
export { isHistoryDoc, mayShowCommands, shownCommands, type CommandWord, type ShownCommand } from '../facts/command-lines.js';
export { packageFactsOf, taskfileFactsOf, type CommandFileFacts, type CommandName, type PackageFacts, type TaskfileFacts } from '../facts/commands.js';
export { docInvocations, docLooseFlags, docTableFlags, looseFlagAt, OTHER_COMMANDS, programWordIndex, type DocWord } from '../facts/cli/claims.js';
export { cliGrammarOf, cliLanguageOf, mayDefineCli, type CliCodeFacts, type CliLanguage } from '../facts/cli/index.js';
export { findPrograms, inProgramScope, type CliProgram } from '../facts/cli/programs.js';

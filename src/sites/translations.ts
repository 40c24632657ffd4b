import { parse as parseYaml } from 'yaml';
import type { Workspace } from '../workspace/workspace.js';
import { normalizePath } from '../api/paths.js';

/** The configuration files of Crowdin's CLI, which syncs translated copies of the sources into the repository. */
const CROWDIN_CONFIGS = ['crowdin.yml', 'crowdin.yaml', '.crowdin.yml', '.crowdin.yaml'];

/** Crowdin's placeholders that stand for a language in a translation path (`%locale%` → `fr-FR`). */
const LANGUAGE_PLACEHOLDER = /%(?:locale|locale_with_underscore|two_letters_code|three_letters_code|android_code|osx_code|osx_locale|language)%/;

/** Folders of Markdown that a translation platform writes: fixed there, a change is overwritten by the next sync. */
export interface TranslationFolders {
  /** The configuration that says so. */
  config: string;
  /** Repository-relative folders, sorted. */
  folders: string[];
}

let languageNames: Intl.DisplayNames | undefined;

/**
 * Whether a folder name is a language code as Crowdin writes one: a two-letter code (`de`), or a code with a
 * region (`fr-FR`, `pt_BR`, `zh-rCN`); a bare three-letter word (`new`, `src`, `man`) is a folder name first.
 */
function isLanguageFolder(name: string): boolean {
  const tag = name.replace(/_/g, '-').replace(/-r([A-Z]{2})$/, '-$1');
  if (!/^[a-z]{2}$|^[a-z]{2,3}-(?:[A-Z]{2}|[A-Z][a-z]{3}|\d{3})$/.test(tag)) return false;
  languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  try {
    return languageNames.of(tag) !== undefined;
  } catch {
    return false;
  }
}

/** The `translation` patterns of a Crowdin configuration's `files` entries. */
function translationPatterns(text: string): string[] {
  let data: unknown;
  try {
    data = parseYaml(text, { logLevel: 'silent' });
  } catch {
    return [];
  }
  const files = data && typeof data === 'object' ? (data as { files?: unknown }).files : undefined;
  if (!Array.isArray(files)) return [];
  return files.map((f) => (f && typeof f === 'object' ? (f as { translation?: unknown }).translation : undefined)).filter((t): t is string => typeof t === 'string');
}

/**
 * The folders a Crowdin configuration writes translations into (`/docs/%locale%/**` → `docs/fr-FR`, `docs/zh-CN`, …):
 * for each `translation` pattern, the folders at its language segment that exist and are named as languages.
 */
export function translationFolders(ws: Workspace): TranslationFolders | null {
  const config = CROWDIN_CONFIGS.find((c) => ws.isFile(c));
  const text = config ? ws.text(config)?.text : undefined;
  if (!config || !text) return null;
  const folders = new Set<string>();
  for (const pattern of translationPatterns(text)) {
    const segments = pattern.replace(/^\/+/, '').split('/');
    const at = segments.findIndex((s) => LANGUAGE_PLACEHOLDER.test(s));
    // Only a whole segment that is the language (`%locale%`), under a fixed folder, names folders.
    if (at < 0 || segments.slice(0, at).some((s) => s.includes('%') || s.includes('*')) || !/^%[a-z_]+%$/.test(segments[at])) continue;
    const parent = normalizePath(segments.slice(0, at).join('/'));
    if (parent === null) continue;
    for (const name of ws.entriesOf(parent)) {
      const folder = parent ? `${parent}/${name}` : name;
      if (isLanguageFolder(name) && ws.isDir(folder)) folders.add(folder);
    }
  }
  return folders.size ? { config, folders: [...folders].sort() } : null;
}

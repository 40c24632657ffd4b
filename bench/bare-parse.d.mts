/** The Markdown files docwarden reads under a folder (git's list in a repository). */
export function markdownFilesOf(dir: string): string[];

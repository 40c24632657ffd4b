/**
 * Checks a regular expression written in the configuration. Returns a problem
 * description, or null when the pattern compiles.
 */
export function checkUserRegex(source: string): string | null {
  try {
    new RegExp(source);
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
  return null;
}

/** Compiles a configuration pattern (already checked at load time). */
export function compileUserRegex(source: string, flags = ''): RegExp {
  return new RegExp(source, flags);
}

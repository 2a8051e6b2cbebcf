// `policy.ignore` patterns: globs on lower-cased emails where `*` matches any run of characters
// (including none) and every other character is literal. Compiled once into one regular expression
// per pattern so that matching 50,000 users stays cheap.

export type IgnoreMatcher = (email: string) => string | undefined;

/** Returns a function giving the first pattern that matches an email, or undefined. */
export function compileIgnore(patterns: readonly string[]): IgnoreMatcher {
  const compiled = patterns.map((pattern) => ({ pattern, re: globToRegExp(pattern) }));
  if (compiled.length === 0) return () => undefined;
  return (email) => compiled.find((c) => c.re.test(email))?.pattern;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

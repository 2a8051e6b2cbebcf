// Emails are identities: compared case-insensitively, stored lower-cased. The pattern is the one
// schemas/config.schema.json uses (a test keeps the two equal).

/** Something@domain.tld: no spaces, one @, a dot in the domain, no empty labels. */
export const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$';
const EMAIL = new RegExp(EMAIL_PATTERN, 'u');

export function isEmail(s: string): boolean {
  return EMAIL.test(s);
}

export function normalizeEmail(s: string): string {
  return s.trim().toLowerCase();
}

/** The prefix of a member-list entry that names a group instead of a user. */
export const GROUP_PREFIX = 'group:';
export const GROUP_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
const GROUP_NAME = new RegExp(GROUP_NAME_PATTERN, 'u');

export function isGroupName(s: string): boolean {
  return GROUP_NAME.test(s);
}

/**
 * A matcher for `ignore` patterns: `*` matches any run of characters, everything else matches
 * itself, case-insensitively. Returns the first pattern that matches an email, if any.
 */
export function ignoreMatcher(patterns: readonly string[]): (email: string) => string | undefined {
  const compiled = patterns.map((p) => ({
    pattern: p,
    re: new RegExp(
      `^${p
        .toLowerCase()
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'su',
    ),
  }));
  return (email) => compiled.find((c) => c.re.test(email.toLowerCase()))?.pattern;
}

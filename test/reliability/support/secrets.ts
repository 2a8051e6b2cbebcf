// Token values no output or file of the reliability suite may contain: every test registers the
// tokens it uses, and every CLI run's stdout and stderr is checked against all of them.
const secrets = new Set<string>();

export function secret(token: string): string {
  secrets.add(token);
  return token;
}

/** Throws if any registered token appears in the text. */
export function expectNoSecret(text: string, where: string): void {
  for (const s of secrets) if (text.includes(s)) throw new Error(`a token appears in ${where}`);
}

// Errors as Asana sends them: REST uses `{errors:[{message, help, phrase?}]}`, SCIM uses the SCIM
// Error schema. Handlers throw ApiError; the server renders it in the envelope of the route's API.

export const ERRORS_HELP =
  'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';

export const VIEW_ONLY_MESSAGE = 'You cannot perform write actions as a view only license member.';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimErrorType =
  | 'invalidFilter'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'invalidValue'
  | 'mutability'
  | 'uniqueness'
  | 'tooMany';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimErrorType,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function restErrorBody(status: number, message: string, phrase?: string): unknown {
  const error: Record<string, string> = { message, help: ERRORS_HELP };
  // Asana sends a support phrase on 500s only.
  if (status === 500 && phrase) error.phrase = phrase;
  return { errors: [error] };
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimErrorType): unknown {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  };
}

const PHRASE_WORDS = [
  ['sad', 'happy', 'sleepy', 'brave', 'quiet', 'eager', 'fuzzy', 'tiny'],
  ['squid', 'otter', 'badger', 'heron', 'walrus', 'lemur', 'gecko', 'panda'],
  ['snuggle', 'wander', 'juggle', 'ponder', 'giggle', 'tumble', 'whistle', 'hover'],
  ['softly', 'boldly', 'gently', 'loudly', 'calmly', 'swiftly', 'oddly', 'kindly'],
];

/** A 500's support phrase, like Asana's "6 sad squid snuggle softly"; `pick(n)` draws 0..n-1. */
export function errorPhrase(pick: (n: number) => number): string {
  return [String(2 + pick(28)), ...PHRASE_WORDS.map((words) => words[pick(words.length)]!)].join(' ');
}

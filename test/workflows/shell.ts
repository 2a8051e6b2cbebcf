// Just enough of POSIX shell to find the commands a workflow's `run:` script runs: words with
// quotes and escapes, command separators, redirections (dropped), leading keywords and variable
// assignments (dropped). Enough for the workflows in examples/github-actions, and strict: anything
// it cannot read (an unterminated quote) throws.

type Token = { type: 'word'; text: string } | { type: 'op'; text: string };

const SEPARATORS = new Set([';', '&&', '||', '|', '&', '\n', '(', ')']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', '{', '}']);

function lex(script: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let word: string | undefined;
  const end = () => {
    if (word !== undefined) tokens.push({ type: 'word', text: word });
    word = undefined;
  };
  while (i < script.length) {
    const ch = script[i]!;
    if (ch === '\\' && script[i + 1] === '\n') {
      i += 2; // line continuation
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      end();
      i++;
      continue;
    }
    if (ch === '#' && word === undefined) {
      while (i < script.length && script[i] !== '\n') i++; // comment
      continue;
    }
    if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unterminated ' in: ${script.slice(i, i + 40)}`);
      word = (word ?? '') + script.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length) {
          text += script[j + 1];
          j += 2;
        } else text += script[j++];
      }
      if (j >= script.length) throw new Error(`unterminated " in: ${script.slice(i, i + 40)}`);
      word = (word ?? '') + text;
      i = j + 1;
      continue;
    }
    if (ch === '\\') {
      word = (word ?? '') + (script[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (ch === '$' && script[i + 1] === '(') {
      // A command substitution stays inside its word; its own commands are not looked into.
      let depth = 0;
      let j = i + 1;
      for (; j < script.length; j++) {
        if (script[j] === '(') depth++;
        else if (script[j] === ')' && --depth === 0) break;
      }
      word = (word ?? '') + script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '>' || ch === '<') {
      // `2>`, `>>`, `>&`: the fd digits before it belong to the redirection, not to a word.
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      end();
      let op = ch;
      i++;
      while (script[i] === '>' || script[i] === '&') op += script[i++];
      tokens.push({ type: 'op', text: op });
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      end();
      tokens.push({ type: 'op', text: two });
      i += 2;
      continue;
    }
    if (SEPARATORS.has(ch)) {
      end();
      tokens.push({ type: 'op', text: ch });
      i++;
      continue;
    }
    word = (word ?? '') + ch;
    i++;
  }
  end();
  return tokens;
}

/** The simple commands of a script, each as its words, without redirections, keywords or assignments. */
export function simpleCommands(script: string): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  const tokens = lex(script);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'op') {
      if (t.text.startsWith('>') || t.text.startsWith('<')) {
        if (tokens[i + 1]?.type === 'word') i++; // the redirection's target
        continue;
      }
      if (current.length > 0) commands.push(current);
      current = [];
      continue;
    }
    if (current.length === 0 && (KEYWORDS.has(t.text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(t.text))) continue;
    current.push(t.text);
  }
  if (current.length > 0) commands.push(current);
  return commands;
}

/** The `asana-access …` commands of a script (also through `npx`), as argv without the program name. */
export function toolInvocations(script: string, program = 'asana-access'): string[][] {
  const out: string[][] = [];
  for (const words of simpleCommands(script)) {
    const start = words[0] === 'npx' ? 1 : 0;
    if (words[start] === program) out.push(words.slice(start + 1));
  }
  return out;
}

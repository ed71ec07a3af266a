// Splits a command line the way a POSIX shell does for the cases a learner types: quotes, backslashes and a
// trailing `&`. No pipes, globbing or variables: the message for those is clearer than half an implementation.
import { SERVER_MODULE } from '../course/facts.ts';

export interface ParsedLine {
  words: string[];
  /** the line ended with `&`: run it as a background job */
  background: boolean;
}

export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}

export function parseLine(line: string): ParsedLine {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  let background = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
      continue;
    }
    if (background && !/\s/.test(c)) throw new ParseError(`\`&\` goes at the end of the line, e.g. \`wasmedge ${SERVER_MODULE} &\``);
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '&') {
      if (line[i + 1] === '&') throw new ParseError('`&&` is not supported here: run one command per line');
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      background = true;
    } else if (c === '|' || c === '>' || c === '<' || c === ';') {
      throw new ParseError(`\`${c}\` (pipes, redirection, several commands) is not supported in this terminal: run one command per line, or put it in quotes`);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new ParseError(`missing closing ${quote === '"' ? 'double' : 'single'} quote`);
  if (inWord) words.push(word);
  return { words, background };
}

/** Quotes a word for display so it reads back as the same word. */
export function quoteWord(word: string): string {
  return /^[\w@%+=:,./?-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

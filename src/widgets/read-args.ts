import { parseLine, ParseError } from '../terminal/parse.ts';

/** A widget's arguments field read as a shell would split it, or the message saying why it cannot be. */
export function readArgs(text: string): string[] | string {
  try {
    return parseLine(text).words;
  } catch (error) {
    if (error instanceof ParseError) return `The arguments could not be read: ${error.message}`;
    throw error;
  }
}

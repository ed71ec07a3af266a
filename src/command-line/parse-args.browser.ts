// `parseArgs` in the page: the same function as Node's, from @pkgjs/parseargs (the code Node's was taken from).
// package.json maps `#parse-args` here under the browser condition, so the in-page terminal parses as the CLI does.
import './global-shim.ts';
import { parseArgs as portable } from '@pkgjs/parseargs';
import type { parseArgs as nodeParseArgs } from 'node:util';

export const parseArgs: typeof nodeParseArgs = portable;

// `parseArgs` in Node (the CLI, the tests): Node's own. package.json maps `#parse-args` here by default.
export { parseArgs } from 'node:util';

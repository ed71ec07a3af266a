// @pkgjs/parseargs ships no types; its API is Node's `util.parseArgs`.
declare module '@pkgjs/parseargs' {
  export { parseArgs } from 'node:util';
}

// @pkgjs/parseargs copies its primordials from Node's `global`, which a page does not have: name it before that
// module runs (parse-args.browser.ts imports this first, and ES modules run in import order).
(globalThis as { global?: typeof globalThis }).global ??= globalThis;

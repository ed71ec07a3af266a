// Regenerates wasm/src/words.txt from Debian's `wamerican-small` list (SCOWL sizes 10-35).
// Run: node wasm/words/make-words.mjs [/usr/share/dict/american-english-small]
// Keeps lower-case a-z words of 3 to 10 letters, drops regular inflections (cats, baked, running) when the
// base word is present, and drops Roman numerals, so the list reads as common base words.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = process.argv[2] ?? '/usr/share/dict/american-english-small';
const out = fileURLToPath(new URL('../src/words.txt', import.meta.url));

const all = new Set(readFileSync(source, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean));
const candidates = [...all].filter((word) => /^[a-z]{3,10}$/.test(word));
const romanNumeral = /^m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;
const realWordsThatLookRoman = new Set(['mix']);

/** Base words this word could be a regular inflection of. */
function possibleBases(word) {
  const bases = [];
  const add = (suffix, ...replacements) => {
    if (!word.endsWith(suffix)) return;
    const stem = word.slice(0, -suffix.length);
    for (const replacement of replacements) bases.push(stem + replacement);
  };
  add('s', '');
  add('es', '');
  add('ies', 'y');
  add('ed', '', 'e');
  add('ied', 'y');
  add('ing', '', 'e');
  add('er', '', 'e');
  add('est', '', 'e');
  add('ier', 'y');
  add('iest', 'y');
  add('ly', '');
  const doubled = /([bdgklmnprt])\1(ed|ing|er|est)$/.exec(word);
  if (doubled) bases.push(word.slice(0, doubled.index + 1));
  return bases.filter((base) => base.length >= 2);
}

const words = candidates
  .filter((word) => !(romanNumeral.test(word) && !realWordsThatLookRoman.has(word)))
  .filter((word) => !possibleBases(word).some((base) => all.has(base)))
  .sort();

const header = [
  '# Common English words for the word generator, one per line, sorted.',
  '# Source: Debian package wamerican-small 2020.12.07-2 (SCOWL, word list sizes 10 to 35),',
  '# filtered by wasm/words/make-words.mjs. Licence: see wasm/words/COPYRIGHT-SCOWL.txt',
  '# (SCOWL permissive licence; its parts are public domain or under permissive notices).',
  `# ${words.length} words. Lines starting with # are ignored.`,
];
writeFileSync(out, `${header.join('\n')}\n${words.join('\n')}\n`);
console.log(`wrote ${words.length} words to ${out}`);

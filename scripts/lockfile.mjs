#!/usr/bin/env node
// Keeps package-lock.json verifiable: every package entry carries the registry `resolved` URL and its `integrity` hash.
//   node scripts/lockfile.mjs check     offline: lists every entry npm could not verify on install (exit 1 if any)
//   node scripts/lockfile.mjs complete  after an `npm install`: adds the platform binaries the registry npm talked to
//                                      left out, and fills `resolved`/`integrity`, all from the registry's own metadata
// Why: native packages (rolldown, astro's compiler, pagefind...) list one optional binary per platform; when some are
// missing from the lock, `npm ci` refuses it as out of sync. An entry written by hand without a hash would be installed
// unverified, and one without the registry's `os`/`cpu`/`libc` would be installed on the wrong platform.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REGISTRY = 'https://registry.npmjs.org/';

/** Problems that make an entry unverifiable or wrongly placed; empty when the lock is sound. */
export function lockProblems(lock) {
  const problems = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || entry.link) continue;
    if (typeof entry.resolved !== 'string' || !entry.resolved.startsWith(REGISTRY)) {
      problems.push(`${path}: no registry "resolved" URL`);
    }
    if (typeof entry.integrity !== 'string' || !/^sha512-[A-Za-z0-9+/]+=*$/.test(entry.integrity)) {
      problems.push(`${path}: no sha512 "integrity"`);
    }
  }
  return problems;
}

function nameOf(path) {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

const packuments = new Map();
async function versionMeta(name, version) {
  if (!packuments.has(name)) {
    packuments.set(
      name,
      fetch(REGISTRY + name.replace('/', '%2F'), { headers: { accept: 'application/vnd.npm.install-v1+json' } }).then(
        async (r) => {
          if (!r.ok) throw new Error(`${name}: registry answered ${r.status}`);
          return r.json();
        },
      ),
    );
  }
  const doc = await packuments.get(name);
  const meta = doc.versions?.[version];
  if (!meta?.dist?.integrity || !meta.dist.tarball) throw new Error(`${name}@${version}: the registry has no such version`);
  return meta;
}

/** The nearest entry a parent at `path` resolves `name` to, as node's lookup walks up. */
function nearest(packages, path, name) {
  let base = path;
  for (;;) {
    const candidate = (base ? base + '/' : '') + 'node_modules/' + name;
    if (packages[candidate]) return candidate;
    if (base === '') return null;
    const i = base.lastIndexOf('/node_modules/');
    base = i >= 0 ? base.slice(0, i) : '';
  }
}

async function complete(file) {
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const pk = lock.packages;
  const jobs = [];
  // 1. Platform binaries left out: only packages whose registry metadata names an os or cpu (never plain packages).
  for (const [path, entry] of Object.entries({ ...pk })) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      const want = String(spec).replace(/^=/, '');
      if (!/^\d+\.\d+\.\d+[\w.+-]*$/.test(want)) continue; // platform binaries are pinned; ranges are npm's to resolve
      const found = nearest(pk, path, name);
      if (found && pk[found].version === want) continue;
      const target = found ? path + '/node_modules/' + name : 'node_modules/' + name;
      jobs.push(
        versionMeta(name, want).then((meta) => {
          if (!meta.os && !meta.cpu) throw new Error(`${name}@${want} is not a platform binary; run npm install instead`);
          const e = { version: want, resolved: meta.dist.tarball, integrity: meta.dist.integrity };
          if (entry.dev) e.dev = true;
          e.optional = true;
          for (const key of ['cpu', 'os', 'libc']) if (meta[key]) e[key] = meta[key];
          pk[target] = e;
        }),
      );
    }
  }
  await Promise.all(jobs);
  // 2. Hashes and URLs for every entry that lacks them; platform fields as the registry states them.
  const entries = Object.entries(pk).filter(([path, e]) => path !== '' && !e.link);
  let filled = 0;
  for (let i = 0; i < entries.length; i += 16) {
    await Promise.all(
      entries.slice(i, i + 16).map(async ([path, e]) => {
        const meta = await versionMeta(e.name ?? nameOf(path), e.version); // `name` is set for npm: aliases
        if (e.integrity && e.integrity !== meta.dist.integrity) throw new Error(`${path}: integrity differs from the registry`);
        if (!e.resolved || !e.integrity) filled++;
        e.resolved = meta.dist.tarball;
        e.integrity = meta.dist.integrity;
        for (const key of ['cpu', 'os', 'libc']) {
          if (meta[key]) e[key] = meta[key];
          else delete e[key];
        }
      }),
    );
  }
  lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  const problems = lockProblems(lock);
  if (problems.length > 0) throw new Error(`refusing to write an unverifiable lock:\n${problems.join('\n')}`);
  writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
  console.log(`${file}: ${jobs.length} platform entries added, ${filled} entries given resolved + integrity`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command = 'check', file = 'package-lock.json'] = process.argv.slice(2);
  if (command === 'complete') {
    await complete(file);
  } else if (command === 'check') {
    const problems = lockProblems(JSON.parse(readFileSync(file, 'utf8')));
    for (const p of problems) console.error(p);
    console.log(problems.length === 0 ? `${file}: every entry has resolved + integrity` : `${problems.length} problems`);
    process.exit(problems.length === 0 ? 0 : 1);
  } else {
    console.error('usage: node scripts/lockfile.mjs check|complete [package-lock.json]');
    process.exit(2);
  }
}

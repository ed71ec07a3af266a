// `node scripts/lockfile-platforms.mjs package-lock.json`, after an `npm install` that changed the lock.
// Native packages (rolldown, astro's compiler, esbuild...) list one optional binary per platform. When the registry
// npm talks to lacks some of those versions, npm leaves them out of the lock, and `npm ci` then refuses the lock as
// out of sync. This adds the missing entries, marked optional with their os/cpu, so `npm ci` skips them again.
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.argv[2];
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pk = lock.packages;
let added = 0;
const guess = (name) => {
  const os = /darwin/.test(name) ? 'darwin' : /win32/.test(name) ? 'win32' : /android/.test(name) ? 'android' : /freebsd/.test(name) ? 'freebsd' : /linux/.test(name) ? 'linux' : /openharmony/.test(name) ? 'openharmony' : /netbsd/.test(name) ? 'netbsd' : /openbsd/.test(name) ? 'openbsd' : /sunos/.test(name) ? 'sunos' : /aix/.test(name) ? 'aix' : null;
  const cpu = /arm64|aarch64/.test(name) ? 'arm64' : /x64|x86_64/.test(name) ? 'x64' : /ia32/.test(name) ? 'ia32' : /arm-|armv7|arm$|-arm-/.test(name) ? 'arm' : /riscv64/.test(name) ? 'riscv64' : /s390x/.test(name) ? 's390x' : /ppc64/.test(name) ? 'ppc64' : /loong64/.test(name) ? 'loong64' : /wasm32/.test(name) ? 'wasm32' : null;
  return { os, cpu };
};
for (const [path, entry] of Object.entries({ ...pk })) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    let base = path;
    let found = false;
    let target = 'node_modules/' + name;
    const want = String(spec).replace(/^[\^~=]/, '');
    while (true) {
      const candidate = (base ? base + '/' : '') + 'node_modules/' + name;
      if (pk[candidate]) {
        // The nearest copy must be the version this parent asks for; otherwise nest one under the parent.
        if (pk[candidate].version === want || /[\s<>|x*]/.test(String(spec))) found = true;
        else target = path + '/node_modules/' + name;
        break;
      }
      const i = base.lastIndexOf('/node_modules/');
      if (base === '') break;
      base = i >= 0 ? base.slice(0, i) : '';
    }
    if (found) continue;
    const { os, cpu } = guess(name);
    const e = { version: String(spec).replace(/^[\^~=]/, ''), dev: entry.dev, optional: true };
    if (!e.dev) delete e.dev;
    if (cpu) e.cpu = [cpu];
    if (os) e.os = [os];
    pk[target] = e;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} entries`);

// The lock file lets npm verify every package it installs, and never installs another platform's binary.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { lockProblems } from '../../../scripts/lockfile.mjs';

interface Entry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}
const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, Entry>;
};

describe('package-lock.json', () => {
  test('every entry has a registry URL and a sha512 integrity hash', () => {
    expect(lockProblems(lock)).toEqual([]);
  });

  test('a platform binary names its platform, so npm skips it elsewhere', () => {
    const wrong = Object.entries(lock.packages)
      .filter(([path]) => /[-/](win32|windows|darwin|android|freebsd|openharmony)-/.test(path.slice(path.lastIndexOf('node_modules/'))))
      .filter(([, e]) => !e.os || e.os.length === 0)
      .map(([path]) => path);
    expect(wrong).toEqual([]);
    // oxc's arm musleabihf bindings are published without a `libc` field; their `cpu` still keeps them off x64.
    const publishedWithoutLibc = /@oxc-[a-z]+\/binding-linux-arm-musleabihf$/;
    const musl = Object.entries(lock.packages)
      .filter(([path]) => /musl/.test(path.slice(path.lastIndexOf('node_modules/'))) && !publishedWithoutLibc.test(path))
      .filter(([, e]) => !e.libc?.includes('musl'))
      .map(([path]) => path);
    expect(musl).toEqual([]);
  });

  test('the check reports an entry that could not be verified', () => {
    const broken = {
      packages: {
        '': {},
        'node_modules/a': { version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz' },
        'node_modules/b': { version: '1.0.0', integrity: 'sha512-AAAA' },
        'node_modules/c': { link: true },
      },
    };
    expect(lockProblems(broken)).toEqual(['node_modules/a: no sha512 "integrity"', 'node_modules/b: no registry "resolved" URL']);
  });
});

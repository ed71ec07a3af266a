// Flags as kubectl, kind and the image tools take them: `--name=value`, `--name value`, `-o yaml`, `-oyaml`,
// bundled booleans (`-it`), and everything after `--` passed through.

export interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
  /** the words after `--` */
  rest: string[];
}

/**
 * `valued` lists the flags that take a value (long names without dashes, short letters); the others are booleans.
 * Unknown flags are kept as booleans so the command can name them.
 */
export function parseFlags(args: readonly string[], valued: readonly string[]): Parsed {
  const out: Parsed = { positional: [], flags: new Map(), rest: [] };
  const add = (name: string, value: string) => out.flags.set(name, [...(out.flags.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      out.rest = args.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (eq >= 0) add(name, a.slice(eq + 1));
      else if (valued.includes(name)) add(name, args[++i] ?? '');
      else add(name, 'true');
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      const letter = a[1] as string;
      if (valued.includes(letter)) add(letter, a.length > 2 ? a.slice(2).replace(/^=/, '') : (args[++i] ?? ''));
      else for (const l of a.slice(1)) add(l, 'true');
    } else out.positional.push(a);
  }
  return out;
}

export const flag = (p: Parsed, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = p.flags.get(n);
    if (v) return v[v.length - 1];
  }
  return undefined;
};

export const flags = (p: Parsed, ...names: string[]): string[] => names.flatMap((n) => p.flags.get(n) ?? []);

export const truthy = (p: Parsed, ...names: string[]): boolean => {
  const v = flag(p, ...names);
  return v !== undefined && v !== 'false';
};

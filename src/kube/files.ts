/// <reference types="vite/client" />
// The course's deploy/ files as the in-page terminal reads them: bundled at build time from the files
// themselves (Vite's raw import), so the page and a real cluster apply the same bytes and there is no copy.

const raw = import.meta.glob<string>(['/deploy/k8s/**/*.yaml', '/deploy/kind/*.yaml', '/deploy/Containerfile'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** `deploy/k8s/service.yaml` -> its text. */
export const deployFiles: ReadonlyMap<string, string> = new Map(
  Object.entries(raw)
    .map(([path, text]) => [path.replace(/^\//, ''), text] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);

/** A path as typed (`./deploy/k8s/`, `/workspace/deploy/k8s`) in the form the map uses, without a trailing slash. */
export function normalisePath(path: string): string {
  return path.replace(/^\/workspace\//, '').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

export type Resolved = { kind: 'file'; path: string; text: string } | { kind: 'dir'; files: { path: string; text: string }[] } | { kind: 'missing' };

/**
 * A file, or a folder's YAML files as `kubectl apply -f DIR` takes them: sorted by name, only that folder's own files
 * unless `recursive` (-R), as kubectl does.
 */
export function resolvePath(path: string, recursive = false): Resolved {
  const p = normalisePath(path);
  const text = deployFiles.get(p);
  if (text !== undefined) return { kind: 'file', path: p, text };
  const prefix = p === '' || p === '.' ? '' : `${p}/`;
  const inside = [...deployFiles].filter(([f]) => f.startsWith(prefix));
  if (inside.length === 0) return { kind: 'missing' };
  const files = inside
    .filter(([f]) => /\.(ya?ml|json)$/.test(f) && (recursive || !f.slice(prefix.length).includes('/')))
    .map(([f, t]) => ({ path: f, text: t }));
  return { kind: 'dir', files };
}

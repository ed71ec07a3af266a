// Validates every Kubernetes manifest in deploy/ against the Kubernetes API schemas (kubernetes-models).
// Usage: node deploy/test/validate-manifests.ts [FILE...]   (default: deploy/k8s/**/*.yaml and deploy/kind/local-registry-hosting.yaml)
// Prints one line per object; exit code 1 when any object is invalid or of a kind we do not know.
// Note: the schemas check types, required fields and enums; like kubectl's client side they accept unknown fields,
// so tests/unit/deploy/agreement.test.ts checks the fields that matter by name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { RuntimeClass } from 'kubernetes-models/node.k8s.io/v1';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Model = new (data: any) => { validate(): void };
const MODELS: Record<string, Model> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'node.k8s.io/v1 RuntimeClass': RuntimeClass,
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

export function validateFile(path: string): { lines: string[]; failures: number } {
  const lines: string[] = [];
  let failures = 0;
  const name = relative(root, path);
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      lines.push(`✗ ${name}: YAML error: ${doc.errors[0]?.message}`);
      failures++;
      continue;
    }
    const data = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null;
    if (data === null) continue;
    const key = `${data.apiVersion} ${data.kind}`;
    const label = `${name}: ${data.kind ?? '?'} ${data.metadata?.name ?? '(no name)'}`;
    const model = MODELS[key];
    if (!model) {
      lines.push(`✗ ${label}: no schema for ${key}`);
      failures++;
      continue;
    }
    try {
      new model(data).validate();
      lines.push(`✓ ${label} (${data.apiVersion})`);
    } catch (error) {
      lines.push(`✗ ${label}: ${(error as Error).message}`);
      failures++;
    }
  }
  return { lines, failures };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args : [...yamlFiles(join(root, 'deploy/k8s')), join(root, 'deploy/kind/local-registry-hosting.yaml')];
  let failures = 0;
  for (const file of files) {
    const result = validateFile(file);
    for (const line of result.lines) console.log(line);
    failures += result.failures;
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

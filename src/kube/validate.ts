// Manifests checked as the API server would, with the schemas CI checks deploy/ with (kubernetes-models, see
// deploy/test/validate-manifests.ts): what CI accepts the model accepts, and a rejection reads as kubectl prints it.
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Pod, Service } from 'kubernetes-models/v1';
import { RuntimeClass } from 'kubernetes-models/node.k8s.io/v1';

type Model = new (data: any) => { validate(): void };
const MODELS: Record<string, Model> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'v1 Pod': Pod,
  'node.k8s.io/v1 RuntimeClass': RuntimeClass,
};

export interface Manifest {
  data: Record<string, any>;
  source: string;
}

/** A rejection, worded as kubectl words it. */
export class ApplyError extends Error {}

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: { missingProperty?: string; type?: string; allowedValues?: unknown[] };
  message?: string;
}

/** `/spec/template/spec/containers/0/name` -> `spec.template.spec.containers[0].name` */
function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).concat(extra ? [extra] : []);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

const GO_TYPES: Record<string, string> = { integer: 'int32', string: 'string', boolean: 'bool', object: 'object', array: 'array', number: 'float64' };

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'number';
}

function at(data: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
}

/**
 * Files already parsed, by name and content: parsing deploy/k8s/deployment.yaml took 7 to 22 ms each time, most of an
 * apply. The same bytes always give the same objects, so each is parsed once; callers get their own copy to change.
 */
const parsed = new Map<string, Manifest[]>();
const PARSED_KEPT = 64;

/** Splits a file into objects; a YAML error rejects the whole file, as kubectl does before sending anything. */
export function parseManifests(text: string, source: string): Manifest[] {
  const key = `${source}\0${text}`;
  let objects = parsed.get(key);
  if (!objects) {
    objects = parseText(text, source);
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(key, objects);
  }
  return objects.map((m) => ({ data: structuredClone(m.data), source: m.source }));
}

/**
 * What an apply needs, made ready before one is typed: each file parsed and each kind's schema validator run once (the
 * first validation of a Deployment took about 20 ms). Invalid files are left for the apply to report.
 */
export function prepareApply(files: Iterable<{ path: string; text: string }>): void {
  for (const file of files) {
    try {
      for (const m of parseManifests(file.text, file.path)) validateObject(m);
    } catch {
      // reported when the learner applies it
    }
  }
}

function parseText(text: string, source: string): Manifest[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Manifest[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new ApplyError(`error: error parsing ${source}: error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ''}${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    const data = doc.toJS() as unknown;
    if (data === null || data === undefined) continue;
    if (typeof data !== 'object' || Array.isArray(data)) throw new ApplyError(`error: error validating "${source}": error validating data: invalid object to validate`);
    out.push({ data: data as Record<string, any>, source });
  }
  return out;
}

/** Throws ApplyError when the API server would refuse the object. */
export function validateObject(m: Manifest): void {
  const { data, source } = m;
  if (!data['apiVersion'] || !data['kind']) {
    const missing = !data['apiVersion'] ? 'apiVersion' : 'kind';
    throw new ApplyError(`error: error validating "${source}": error validating data: ${missing} not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const key = `${data['apiVersion']} ${data['kind']}`;
  const model = MODELS[key];
  const name = data['metadata']?.name as string | undefined;
  if (!model) {
    throw new ApplyError(`error: resource mapping not found for name: "${name ?? ''}" namespace: "" from "${source}": no matches for kind "${data['kind']}" in version "${data['apiVersion']}"\nensure CRDs are installed first`);
  }
  const verb = 'creating';
  try {
    new model(data).validate();
  } catch (error) {
    const errors = ((error as { errors?: SchemaError[] }).errors ?? []) as SchemaError[];
    const first = errors[0];
    const kind = data['kind'] as string;
    if (first?.keyword === 'type') {
      const value = at(data, first.instancePath);
      const goType = GO_TYPES[first.params.type ?? ''] ?? first.params.type;
      throw new ApplyError(`Error from server (BadRequest): error when ${verb} "${source}": ${kind} in version "${String(data['apiVersion']).split('/').pop()}" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonKind(value)} into Go struct field .${fieldPath(first.instancePath)} of type ${goType}`);
    }
    const details = errors.map((e) => {
      if (e.keyword === 'required') return `${fieldPath(e.instancePath, e.params.missingProperty)}: Required value`;
      if (e.keyword === 'enum') {
        const allowed = (e.params.allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
        return `${fieldPath(e.instancePath)}: Unsupported value: ${JSON.stringify(at(data, e.instancePath))}: supported values: ${allowed}`;
      }
      return `${fieldPath(e.instancePath)}: Invalid value: ${e.message ?? 'invalid'}`;
    });
    throw new ApplyError(`The ${kind} "${name ?? ''}" is invalid: ${details.length > 1 ? `[${details.join(', ')}]` : details[0] ?? (error as Error).message}`);
  }
  if (!name) throw new ApplyError(`error: error when retrieving current configuration of:\nResource: "${data['kind']}", Name: "", Namespace: "default"\nfrom server for: "${source}": resource name may not be empty`);
}

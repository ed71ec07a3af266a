// Reads a kind cluster config the way the node would end up: the cluster's name, and the containerd runtimes
// its containerdConfigPatches add (runc is always there). Whether pods of RuntimeClass `wasmedge` can start
// depends on this, exactly as on a real kind node.
import { parse } from 'yaml';

export interface KindConfig {
  name: string | undefined;
  /** containerd runtime name -> runtime_type (the shim binary) */
  runtimes: Record<string, string>;
}

export function parseKindConfig(text: string, source: string): KindConfig {
  let data: any;
  try {
    data = parse(text);
  } catch (error) {
    throw new Error(`ERROR: failed to create cluster: unable to decode config file ${source}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data?.kind !== 'Cluster' || !/^kind\.x-k8s\.io\//.test(String(data?.apiVersion))) {
    throw new Error(`ERROR: failed to create cluster: unknown apiVersion or kind in ${source}: want kind.x-k8s.io/v1alpha4 Cluster`);
  }
  const runtimes: Record<string, string> = { runc: 'io.containerd.runc.v2' };
  for (const patch of (data.containerdConfigPatches ?? []) as string[]) {
    let current: string | undefined;
    for (const line of String(patch).split('\n')) {
      const table = /^\s*\[plugins\.(?:"io\.containerd\.grpc\.v1\.cri"|'io\.containerd\.cri\.v1\.runtime')\.containerd\.runtimes\.([\w-]+)\]\s*$/.exec(line);
      if (table) {
        current = table[1];
        continue;
      }
      if (/^\s*\[/.test(line)) current = undefined;
      const type = /^\s*runtime_type\s*=\s*["']([^"']+)["']/.exec(line);
      if (current && type) runtimes[current] = type[1] as string;
    }
  }
  return { name: typeof data.name === 'string' ? data.name : undefined, runtimes };
}

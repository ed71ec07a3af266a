import { describe, expect, test } from 'vitest';
import { humanDuration } from '../../../src/kube/age.ts';
import type { KubeObject } from '../../../src/kube/objects.ts';
import { printTable } from '../../../src/kube/print.ts';

// Expected outputs are the ones the Kubernetes documentation shows for these commands
// (kubernetes.io "Deployments" and "Service" concept pages), rebuilt here from objects with the same fields.
const now = Date.parse('2026-12-02T08:00:18Z');
const created = '2026-12-02T08:00:00Z';
const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}) => ({ name, uid: name, resourceVersion: '1', creationTimestamp: created, ...extra });

describe('kubectl get tables', () => {
  test('deployments, replica sets and pods as in the Deployments page', () => {
    const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('nginx-deployment'), spec: { replicas: 3 }, status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 } };
    expect(printTable('Deployment', [d], now, false)).toBe('NAME               READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-deployment   3/3     3            3           18s\n');
    const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('nginx-deployment-75675f5897'), spec: { replicas: 3 }, status: { replicas: 3, readyReplicas: 3 } };
    expect(printTable('ReplicaSet', [rs], now, false)).toBe('NAME                          DESIRED   CURRENT   READY   AGE\nnginx-deployment-75675f5897   3         3         3       18s\n');
    const pod: KubeObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: meta('nginx-deployment-75675f5897-7ci7o'), spec: { containers: [{ name: 'nginx' }], nodeName: 'node-1' },
      status: { phase: 'Running', podIP: '10.244.0.5', containerStatuses: [{ ready: true, restartCount: 0, state: { running: {} } }] },
    };
    expect(printTable('Pod', [pod], now, false)).toBe('NAME                                READY   STATUS    RESTARTS   AGE\nnginx-deployment-75675f5897-7ci7o   1/1     Running   0          18s\n');
    expect(printTable('Pod', [pod], now, true)).toBe(
      'NAME                                READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n' +
        'nginx-deployment-75675f5897-7ci7o   1/1     Running   0          18s   10.244.0.5   node-1   <none>           <none>\n',
    );
  });

  test('a crash-looping pod: the waiting reason as STATUS, restarts with when the last one ended', () => {
    const pod: KubeObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: meta('word-generator-7d9c6b8f5d-x2k8q'), spec: { containers: [{ name: 'word-generator' }] },
      status: { phase: 'Running', containerStatuses: [{ ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { finishedAt: '2026-12-02T08:00:08Z' } } }] },
    };
    expect(printTable('Pod', [pod], now, false)).toBe('NAME                              READY   STATUS             RESTARTS      AGE\nword-generator-7d9c6b8f5d-x2k8q   0/1     CrashLoopBackOff   4 (10s ago)   18s\n');
  });

  test('services, with <none> and <pending> where the Service page shows them', () => {
    const svc = (name: string, type: string, ip: string, ports: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec: { type, clusterIP: ip, ports }, status: { loadBalancer: {} } });
    expect(printTable('Service', [svc('kubernetes', 'ClusterIP', '10.96.0.1', [{ port: 443, protocol: 'TCP' }])], now, false)).toBe('NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   18s\n');
    expect(printTable('Service', [svc('word-generator', 'LoadBalancer', '10.96.0.120', [{ port: 8080, nodePort: 31234, protocol: 'TCP' }])], now, false)).toBe(
      'NAME             TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)          AGE\nword-generator   LoadBalancer   10.96.0.120   <pending>     8080:31234/TCP   18s\n',
    );
  });

  test('ages as kubectl shortens them', () => {
    expect([0, 59_000, 119_000, 125_000, 600_000, 3 * 3600_000 + 5 * 60_000, 9 * 3600_000, 50 * 3600_000, 30 * 86400_000].map(humanDuration)).toEqual(['0s', '59s', '119s', '2m5s', '10m', '3h5m', '9h', '2d2h', '30d']);
  });
});

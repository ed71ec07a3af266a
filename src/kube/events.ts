// Events as the API server keeps them: one object per (object, reason, message), counted when it repeats,
// with the component that reported it (default-scheduler, kubelet, replicaset-controller...).
import type { KubeObject } from './objects.ts';
import { timestamp } from './age.ts';

export interface KubeEvent {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string; creationTimestamp: string };
  involvedObject: { apiVersion: string; kind: string; name: string; namespace?: string; uid: string; fieldPath?: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string; host?: string };
  reportingComponent: string;
  reportingInstance: string;
}

let eventSerial = 0;

/** Records an event about `object`, or counts it again when the same one is already there. */
export function record(
  events: KubeEvent[],
  object: KubeObject,
  type: KubeEvent['type'],
  reason: string,
  message: string,
  component: string,
  now: number,
  fieldPath?: string,
): KubeEvent {
  const same = events.find((e) => e.involvedObject.uid === object.metadata.uid && e.reason === reason && e.message === message);
  if (same) {
    same.count++;
    same.lastTimestamp = timestamp(now);
    return same;
  }
  const ts = timestamp(now);
  const event: KubeEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${object.metadata.name}.${(now * 1000 + (eventSerial++ % 1000)).toString(16)}`,
      namespace: object.metadata.namespace ?? 'default',
      uid: crypto.randomUUID(),
      resourceVersion: String(now % 100000),
      creationTimestamp: ts,
    },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      uid: object.metadata.uid,
      ...(fieldPath ? { fieldPath } : {}),
    },
    reason,
    message,
    type,
    count: 1,
    firstTimestamp: ts,
    lastTimestamp: ts,
    source: { component, ...(component === 'kubelet' ? { host: 'containerless-control-plane' } : {}) },
    reportingComponent: component,
    reportingInstance: component === 'kubelet' ? 'containerless-control-plane' : '',
  };
  events.push(event);
  // The API server keeps events for an hour; the model keeps the last 200.
  if (events.length > 200) events.splice(0, events.length - 200);
  return event;
}

// Where the time goes from `kubectl apply` to a ready pod, as User Timing marks (`kube:apply`, `kube:pod-created`,
// ...): the kube bench reads them in Chromium and in Node to print its breakdown, and a browser's performance panel
// shows them. Each apply starts the marks afresh, so they never pile up over a long session.
export const STAGES = ['apply', 'pod-created', 'guest-starting', 'listening', 'ready'] as const;
export type Stage = (typeof STAGES)[number];

export function mark(stage: Stage): void {
  if (stage === 'apply') for (const s of STAGES) performance.clearMarks(`kube:${s}`);
  performance.mark(`kube:${stage}`);
}

/** The first time each stage was reached since the last apply (ms on the performance clock). */
export function stageTimes(): Partial<Record<Stage, number>> {
  const out: Partial<Record<Stage, number>> = {};
  for (const s of STAGES) {
    const first = performance.getEntriesByName(`kube:${s}`, 'mark')[0];
    if (first) out[s] = first.startTime;
  }
  return out;
}

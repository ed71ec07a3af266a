import { parseArgs } from 'node:util';
import { describeError } from './verify/http.ts';
import { createContext } from './verify/context.ts';
import { runChecks } from './verify/engine.ts';
import { formatText } from './verify/report.ts';
import type { CheckResult, VerifyContext } from './verify/types.ts';
import { encodeReadiness, type ReadinessStatus } from '../workshop/readiness/code.ts';
import { isReady, readinessChecks } from '../workshop/readiness/checks.ts';

// `containerless ready`: before a workshop, checks this machine has what the cluster lessons need. Prints a fix for
// each miss and a readiness code; with --report (the command the workshop page shows) sends the result to the room.

const HELP = `Usage: containerless ready [options]

Checks what lessons 6-8 (image, kind cluster, deploy) need on this machine: Node.js, a container engine, kind,
kubectl, the registry port, and (optional) Rust with wasm32-wasip1. Changes nothing.

Options:
  --report URL        send the result to this workshop (the join panel shows the full command)
  --key KEY           your attendee key, with --report
  --registry-port N   the port the lessons' registry uses (default 5001)
  --json              print the results as JSON
  -h, --help          show this help`;

export async function main(argv: readonly string[], context: () => VerifyContext = () => createContext()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { report: { type: 'string' }, key: { type: 'string' }, 'registry-port': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`containerless ready: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if ((values.report === undefined) !== (values.key === undefined)) {
    console.error('containerless ready: --report and --key go together (copy the command from the workshop page).');
    return 2;
  }
  const registryPort = Number(values['registry-port'] ?? '5001');
  if (!Number.isInteger(registryPort) || registryPort < 1 || registryPort > 65535) {
    console.error(`containerless ready: --registry-port must be a port number, not "${values['registry-port']}".`);
    return 2;
  }
  const results = await runChecks(readinessChecks({ registryPort }), context(), { skipOnFailedNeeds: false });
  const ready = isReady(results);
  const code = encodeReadiness(results as Array<CheckResult & { status: ReadinessStatus }>);
  if (values.json) console.log(JSON.stringify({ ready, code, checks: results }, null, 2));
  else {
    console.log(formatText(results));
    console.log(`\n${ready ? 'Ready for the cluster lessons.' : 'Not ready yet: fix the lines marked ✗ above, then run this again.'}`);
    console.log(`Readiness code: ${code}  (paste it in the workshop panel, or read it out to the facilitator)`);
  }
  if (values.report !== undefined && values.key !== undefined) {
    const sent = await report(values.report, values.key, results);
    console.log(sent);
  }
  return ready ? 0 : 1;
}

async function report(base: string, key: string, results: readonly CheckResult[]): Promise<string> {
  let url: URL;
  try {
    url = new URL('/api/workshop/readiness', base);
  } catch {
    return `Not sent: "${base}" is not a workshop address.`;
  }
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ results: results.map((r) => ({ id: r.id, status: r.status, detail: r.detail.slice(0, 300) })) }),
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok) return 'Sent to the workshop room.';
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    return `Not sent (${response.status}): ${body.error ?? response.statusText}. The readiness code above carries the same result.`;
  } catch (error) {
    return `Not sent: the workshop server did not answer (${describeError(error)}). The readiness code above carries the same result.`;
  }
}

import { parseArgs } from 'node:util';
import { steps, findStep } from '../steps/index.ts';
import { failureModes } from '../steps/failure-modes.ts';
import { allChecks } from './verify/checks/index.ts';
import { createContext, type ContextOptions } from './verify/context.ts';
import { allPassed, runChecks } from './verify/engine.ts';
import { cleanUpOnExit } from './verify/process.ts';
import { formatJson, formatLine, formatText } from './verify/report.ts';
import type { Check, CheckResult, VerifyContext } from './verify/types.ts';
import { encodeVerifyCode } from '../progress/verify-code.ts';
import { verifyCatalog } from '../progress/verify-catalog.ts';

// `containerless verify [step...]`: checks each guided step's result on this machine and its cluster.
// Read-only: it inspects, asks, and stops whatever it started for a moment (a server, a port-forward).

const HELP = `Usage: containerless verify [step-or-check ...] [options]

Checks the result of each guided step on this machine and its kind cluster, and changes nothing.
One line per check; exit code 0 only when every check that ran passed.

Options:
  --json              print the results as JSON
  --list              list the checks, the steps that lead to them, and the failures verify names
  --registry HOST:PORT  registry to ask (default localhost:5001)
  --image REF         image to look for (default localhost:5001/word-generator:0.1.0)
  --cluster NAME      kind cluster name (default containerless)
  --context NAME      kubectl context (default kind-<cluster>)
  --url URL           call the service here instead of through kubectl port-forward
  --module PATH       check this .wasm file instead of your cargo build
  --watch             re-check every 2 s until every check passes or the time is up
  --timeout SECONDS   how long --watch keeps trying (default 120)
  -h, --help          show this help

Examples:
  containerless verify                  every check
  containerless verify build-module     the check for the step "build-module"
  containerless verify deployment-ready service-answers --json
  containerless verify deploy-apply --watch   wait until the deployment is ready`;

const WATCH_INTERVAL_MS = 2000;

/** Step ids and check ids -> the checks to run, in catalog order; or the names nobody knows. */
export function selectChecks(names: readonly string[], checks: readonly Check[] = allChecks): { checks: Check[] } | { unknown: string[] } | { nothing: string[] } {
  if (names.length === 0) return { checks: [...checks] };
  const wanted = new Set<string>();
  const unknown: string[] = [];
  const nothing: string[] = [];
  for (const name of names) {
    if (checks.some((c) => c.id === name)) wanted.add(name);
    else {
      const step = findStep(name);
      if (!step) unknown.push(name);
      else if (step.check === undefined) nothing.push(name);
      else wanted.add(step.check);
    }
  }
  if (unknown.length > 0) return { unknown };
  if (wanted.size === 0) return { nothing };
  return { checks: checks.filter((c) => wanted.has(c.id)) };
}

function listing(checks: readonly Check[]): string {
  return checks
    .map((c) => {
      const from = steps.filter((s) => s.check === c.id).map((s) => s.id);
      return `  ${c.id.padEnd(22)} ${c.title}${from.length ? `  (steps: ${from.join(', ')})` : ''}`;
    })
    .join('\n');
}

export async function main(argv: readonly string[], makeContext: (o: ContextOptions) => VerifyContext = createContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        registry: { type: 'string' },
        image: { type: 'string' },
        cluster: { type: 'string' },
        context: { type: 'string' },
        url: { type: 'string' },
        module: { type: 'string' },
        watch: { type: 'boolean' },
        timeout: { type: 'string' },
      },
    });
  } catch (error) {
    console.error(`containerless verify: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.list) {
    const named = failureModes.map((m) => `  ${m.id.padEnd(26)} ${m.name}`).join('\n');
    console.log(`Checks:\n${listing(allChecks)}\n\nFailures it recognises and names (with the one fix):\n${named}`);
    return 0;
  }
  const selection = selectChecks(positionals);
  if ('unknown' in selection) {
    console.error(`containerless verify: no step or check named ${selection.unknown.map((n) => `"${n}"`).join(', ')}.\nKnown checks:\n${listing(allChecks)}`);
    return 2;
  }
  if ('nothing' in selection) {
    console.error(`containerless verify: the step ${selection.nothing.map((n) => `"${n}"`).join(', ')} has nothing to check.`);
    return 2;
  }
  let watchMs = 0;
  if (values.watch) {
    const seconds = values.timeout === undefined ? 120 : Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600 || values.timeout?.trim() === '') {
      console.error(`containerless verify: --timeout wants a number of seconds from 1 to 3600, not "${values.timeout}".`);
      return 2;
    }
    watchMs = seconds * 1000;
  } else if (values.timeout !== undefined) {
    console.error('containerless verify: --timeout goes with --watch.');
    return 2;
  }

  const options: ContextOptions = {};
  if (values.registry !== undefined) options.registry = values.registry;
  if (values.image !== undefined) options.image = values.image;
  if (values.cluster !== undefined) options.cluster = values.cluster;
  if (values.context !== undefined) options.kubeContext = values.context;
  if (values.url !== undefined) options.serviceUrl = values.url;
  if (values.module !== undefined) options.modulePath = values.module;
  const ctx = makeContext(options);
  cleanUpOnExit();

  const once = () => runChecks(selection.checks, ctx, { skipOnFailedNeeds: positionals.length === 0 });
  const results = watchMs > 0 ? await watch(once, watchMs, values.json === true) : await once();
  const ok = allPassed(results);
  const text = formatText(results);
  // The proof code the course page reads (src/progress/verify-code.ts): the passed steps, the checks' version
  // and a hash of this report.
  const code = encodeVerifyCode(verifyCatalog(), results.filter((r) => r.status === 'pass').map((r) => r.id), text);
  console.log(values.json ? formatJson(results, ok) : `${text}\n\nProof code (paste it into "Verified on your machine" on the course site):\n${code}`);
  return ok ? 0 : 1;
}

/**
 * Runs the checks again every couple of seconds until all pass or the time is up; prints a line whenever what is
 * failing changes (not on every round), so a learner sees progress without a wall of repeats.
 */
export async function watch(once: () => Promise<CheckResult[]>, timeoutMs: number, quiet: boolean, intervalMs = WATCH_INTERVAL_MS): Promise<CheckResult[]> {
  const end = Date.now() + timeoutMs;
  let last = '';
  for (let round = 1; ; round++) {
    const results = await once();
    if (allPassed(results) || Date.now() + intervalMs > end) {
      if (!quiet && !allPassed(results)) console.error(`containerless verify: still failing after ${Math.round(timeoutMs / 1000)} s (${round} tries)`);
      return results;
    }
    const failing = results.filter((r) => r.status !== 'pass').map(formatLine).join('\n');
    if (!quiet && failing !== last) console.error(`waiting (try ${round}, up to ${Math.round(timeoutMs / 1000)} s):\n${failing}`);
    last = failing;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

import { findStep } from '../../steps/index.ts';
import { bold, cyan, dim, yellow } from '../ansi.ts';
import type { CommandContext } from '../context.ts';

// Tools that need the learner's own machine or cluster. The page cannot pretend to run them, so it says where
// they run and which guided step to copy.

interface Elsewhere {
  needs: 'machine' | 'cluster';
  why: string;
  /** the step to point to, by the first argument when it matters ('' = any) */
  steps: Record<string, string>;
}

const TOOLS: Record<string, Elsewhere> = {
  cargo: { needs: 'machine', why: 'there is no Rust compiler in this page', steps: { '': 'build-module' } },
  rustup: { needs: 'machine', why: 'there is no Rust toolchain in this page', steps: { '': 'rust-target' } },
  buildah: { needs: 'machine', why: 'building an OCI image needs a container tool on your machine', steps: { '': 'image-build', push: 'image-push' } },
  podman: { needs: 'machine', why: 'building an OCI image needs a container tool on your machine', steps: { '': 'image-build', push: 'image-push' } },
  docker: { needs: 'machine', why: 'the page has no container engine', steps: { '': 'image-build', run: 'registry-start', push: 'image-push', buildx: 'image-build' } },
  kind: { needs: 'machine', why: 'kind starts a Kubernetes cluster in containers on your machine', steps: { '': 'cluster-create' } },
  kubectl: { needs: 'cluster', why: 'there is no Kubernetes cluster in this page', steps: { '': 'deploy-apply', 'port-forward': 'port-forward', get: 'deploy-apply', rollout: 'deploy-apply' } },
  helm: { needs: 'cluster', why: 'there is no Kubernetes cluster in this page (and this course deploys with plain manifests and kubectl)', steps: { '': 'deploy-apply' } },
  'containerless verify': { needs: 'machine', why: 'it checks your own machine and cluster, which the page cannot see', steps: { '': 'run-containerless' } },
};

export const elsewhereNames = Object.keys(TOOLS).filter((n) => !n.includes(' '));

export function runsElsewhere(ctx: CommandContext, tool: string, args: string[]): number {
  const entry = TOOLS[tool];
  if (!entry) return 127;
  const place = entry.needs === 'cluster' ? 'your own Kubernetes cluster' : 'your own machine';
  ctx.write(`${yellow(`${tool}: this runs on ${place}`)}: ${entry.why}.\n`);
  const stepId = entry.steps[args[0] ?? ''] ?? entry.steps[''];
  const step = stepId ? findStep(stepId) : undefined;
  if (step) {
    ctx.write(`The guided step ${bold(`"${step.title}"`)} has the command to copy:\n`);
    for (const line of step.command.split('\n')) ctx.write(`  ${cyan(line)}\n`);
    const link = ctx.environment.stepLink?.(step.id);
    if (link) ctx.write(`${dim('Step:')} ${link}\n`);
  }
  ctx.write(dim('Here in the page you can run the modules themselves: try `help`.\n'));
  return 127;
}

import { describe, expect, it } from 'vitest';
import { plain } from '../../../src/terminal/ansi.ts';
import { jco } from '../../../src/terminal/commands/component.ts';
import type { CommandContext } from '../../../src/terminal/context.ts';
import { nodeEnvironment } from '../terminal/harness.ts';

// The terminal's `jco` command over the real modules from public/wasm/, as the in-page shell would call it.

async function run(...args: string[]): Promise<{ out: string; status: number }> {
  let out = '';
  const ctx = { write: (t: string) => (out += t), environment: nodeEnvironment } as unknown as CommandContext;
  const status = await jco(ctx, args);
  return { out: plain(out), status };
}

describe('jco in the terminal', () => {
  it('runs the component with the arguments typed', async () => {
    const { out, status } = await run('run', 'word_generator_cli.component.wasm', '--starts-with', 'k', '--count', '2');
    expect(status).toBe(0);
    const words = out.trim().split('\n');
    expect(words).toHaveLength(2);
    for (const w of words) expect(w).toMatch(/^k/);
  });

  it('shows the error the component writes, and its failure status', async () => {
    const { out, status } = await run('run', 'word_generator_cli.component.wasm', '--starts-with', '7');
    expect(status).toBe(1);
    expect(out).toContain('word_generator_cli:');
  });

  it('prints the world, as jco wit does', async () => {
    const { out, status } = await run('wit', 'word_generator_cli.component.wasm');
    expect(status).toBe(0);
    expect(out).toMatch(/world root \{/);
    expect(out).toMatch(/import wasi:cli\/stdout@0\.2\.\d+;/);
    expect(out).toMatch(/export wasi:cli\/run@0\.2\.\d+;/);
  });

  it('tells a core module from a component', async () => {
    const { out, status } = await run('run', 'word_generator_cli.wasm');
    expect(status).toBe(2);
    expect(out).toContain('is a core module, not a component');
    expect(out).toContain('wasmedge word_generator_cli.wasm');
  });

  it('points jco new to your own machine', async () => {
    const { out, status } = await run('new', 'word_generator_cli.wasm', '--wasi-command');
    expect(status).toBe(127);
    expect(out).toContain('runs on your own machine');
  });
});

// The copy buttons on code blocks copy the command only: no prompt, no output.
import { describe, expect, test } from 'vitest';
import { commandText } from '../../../src/client/command-text.ts';

describe('what a code block copies', () => {
  test('a shell session gives its commands without prompt or output, continuations kept', () => {
    const session = '$ curl -i localhost:8090/healthz\nHTTP/1.1 200 OK\n\nok\n$ kubectl apply \\\n  -f deploy/k8s/\ndeployment.apps/word-generator created\n';
    expect(commandText(session, 'bash')).toBe('curl -i localhost:8090/healthz\nkubectl apply \\\n  -f deploy/k8s/');
  });

  test('a block of plain commands is copied as it is; other languages too', () => {
    expect(commandText('rustup target add wasm32-wasip1\ncargo build --release\n', 'bash')).toBe('rustup target add wasm32-wasip1\ncargo build --release');
    expect(commandText('fn main() {\n    // $ not a prompt\n}\n', 'rust')).toBe('fn main() {\n    // $ not a prompt\n}');
  });
});

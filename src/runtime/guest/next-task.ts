// Runs work in a task of its own, once the current task and its promise callbacks are done: the per-request mode
// makes its next instance there, after an answer has reached the client, so the answer never waits for it.
// Not setTimeout: Node makes a 0 ms timer wait 1 ms, and browsers 4 ms once timers nest, which a client's next
// request would beat.

type Task = () => void;

const queue: Task[] = [];
let channel: MessageChannel | undefined;

export function nextTask(task: Task): void {
  // Node (the CLI's thread, tests, benches): runs right after the I/O that brought the last request.
  const immediate = (globalThis as { setImmediate?: (task: Task) => unknown }).setImmediate;
  if (typeof immediate === 'function') {
    immediate(task);
    return;
  }
  // Pages and Workers: a message is a task of its own, never clamped.
  if (typeof MessageChannel === 'function') {
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => queue.shift()?.();
    }
    queue.push(task);
    channel.port2.postMessage(null);
    return;
  }
  setTimeout(task, 0);
}

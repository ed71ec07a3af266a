// What a guest printed and did, drawn the one way every widget shows it: the exit status, stdout/stderr, the calls.
import { callFailed, formatCall, formatExit, formatTrace, formatTraceArgs } from '../runtime/host/format.ts';
import type { TraceEvent } from '../runtime/index.ts';

/** `0 (success)`, marked `data-failed` when not 0. */
export function showExit(element: HTMLElement, status: number): void {
  element.textContent = formatExit(status);
  element.toggleAttribute('data-failed', status !== 0);
}

/** A stream's text, or "(nothing)" marked `data-empty` so it reads as no output rather than an empty box. */
export function showStream(element: HTMLElement, text: string): void {
  element.textContent = text || '(nothing)';
  element.toggleAttribute('data-empty', text === '');
}

/** One list item per call: `fd_write(fd=1, …) → SUCCESS`; a failed call is marked `data-failed`. */
export function showTraceList(list: HTMLElement, trace: readonly TraceEvent[]): void {
  const items = trace.map((e) => {
    const li = document.createElement('li');
    // A note for calls left out past the trace rate reads as itself.
    li.textContent = e.dropped !== undefined ? formatTrace(e) : `${formatCall(e)} → ${e.errno}`;
    if (callFailed(e)) li.dataset['failed'] = '';
    return li;
  });
  list.replaceChildren(...(items.length ? items : [Object.assign(document.createElement('li'), { textContent: 'No calls recorded for this request.' })]));
}

const cell = (text: string) => Object.assign(document.createElement('td'), { textContent: text });

/** One table row per call: number, call, arguments, result. */
export function showTraceRows(body: HTMLElement, trace: readonly TraceEvent[]): void {
  body.replaceChildren(
    ...trace.map((e) => {
      const row = document.createElement('tr');
      if (e.dropped !== undefined) {
        // A note for calls left out past the trace rate, across the row.
        row.append(Object.assign(cell(formatTrace(e)), { colSpan: 4 }));
        return row;
      }
      row.append(cell(String(e.seq)), cell(e.call), cell(formatTraceArgs(e)), cell(e.errno));
      if (callFailed(e)) row.dataset['failed'] = '';
      return row;
    }),
  );
}

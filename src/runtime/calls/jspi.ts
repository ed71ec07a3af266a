// JavaScript Promise Integration, looked up at run time: engines without it get the per-request fallback.
type AnyFn = (...args: unknown[]) => unknown;

interface JspiApi {
  Suspending: new (fn: AnyFn) => object;
  promising: (fn: AnyFn) => (...args: unknown[]) => Promise<unknown>;
}

export function jspi(): JspiApi | undefined {
  const w = WebAssembly as unknown as Partial<JspiApi>;
  if (typeof w.Suspending === 'function' && typeof w.promising === 'function') return w as JspiApi;
  return undefined;
}

export function hasJspi(): boolean {
  return jspi() !== undefined;
}

/**
 * A widget's own element that its markup always renders: a missing one is a bug in the component, so say which
 * widget and selector rather than fail later on `null`.
 */
export function part<T extends Element = HTMLElement>(root: ParentNode, selector: string, widget: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`${widget}: ${selector} missing`);
  return el;
}

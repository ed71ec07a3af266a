// xterm.js writes its measured character sizes and theme colours into <style> elements it creates. The site's
// Content-Security-Policy blocks inline style elements (only hashed ones may apply), so those rules would be
// dropped and the terminal drawn with a proportional font and no colours. This routes the text of style elements
// inside a terminal into constructed stylesheets, which the policy does not govern, and leaves every other style
// element alone.

const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();
let installed = false;

function adopt(element: HTMLStyleElement, text: string): void {
  let sheet = sheets.get(element);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheets.set(element, sheet);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(text);
  // Forget sheets whose terminal went away.
  for (const [el, s] of sheets) {
    if (el.isConnected || el === element) continue;
    sheets.delete(el);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== s);
  }
}

export function routeTerminalStyles(): void {
  if (installed) return;
  installed = true;
  const descriptor = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent');
  if (!descriptor?.set || !descriptor.get) return;
  const { get, set } = descriptor;
  const create = document.createElement.bind(document);
  document.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const element = create(tag, options);
    if (element instanceof HTMLStyleElement) {
      let routed: string | undefined;
      Object.defineProperty(element, 'textContent', {
        configurable: true,
        get() {
          return routed ?? get.call(element);
        },
        set(text: string) {
          if (element.closest('.xterm')) {
            routed = text;
            adopt(element, text);
          } else set.call(element, text);
        },
      });
    }
    return element;
  }) as typeof document.createElement;
}

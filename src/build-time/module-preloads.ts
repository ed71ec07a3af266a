// Which WebAssembly modules a lesson's widgets fetch first, read from its MDX at build time: the page asks for them
// in its head (a preload), so the download runs while the page is still parsing instead of after its scripts ran.
import { SERVER_MODULE } from '../course/facts.ts';


const demo = /<(?:WordGeneratorDemo|LiveWord)\b/;

/** Module files to preload for a lesson's MDX source; a demo inside an MDX comment or a code fence does not count. */
export function modulesToPreload(mdx: string | undefined): string[] {
  if (!mdx) return [];
  const shown = mdx.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').replace(/^```[\s\S]*?^```/gm, '');
  return demo.test(shown) ? [SERVER_MODULE] : [];
}

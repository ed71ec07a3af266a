/**
 * What every deck must contain, checked when the decks are loaded (src/build-time/decks.ts), so the build fails on a deck
 * that drops one: the title slide and the closing slide both carry the credit to the original talk
 * (src/build-time/original-talk.ts), and the closing slide gives the audience the site's address.
 */
export function deckStructureProblems(id: string, body: string): string[] {
  const problems: string[] = [];
  // JSX comments and ESM code do not count: only tags written in the slides.
  const slides = body.replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  const count = (tag: string) => (slides.match(new RegExp(`<${tag}[\\s>/]`, 'g')) ?? []).length;
  if (count('TitleSlide') !== 1) problems.push(`slides/${id}.mdx must open with exactly one <TitleSlide> (it carries the credit to the original talk)`);
  if (count('ClosingSlide') !== 1) problems.push(`slides/${id}.mdx must end with exactly one <ClosingSlide> (the site's address, QR code and the credit)`);
  const firstSection = slides.search(/<section[\s>]/);
  const title = slides.search(/<TitleSlide[\s>/]/);
  if (title >= 0 && firstSection >= 0 && firstSection < title) problems.push(`slides/${id}.mdx: <TitleSlide> must be the first slide`);
  const closing = slides.search(/<ClosingSlide[\s>/]/);
  const after = closing >= 0 ? slides.slice(closing) : '';
  if (closing >= 0 && /<section[\s>]/.test(after)) problems.push(`slides/${id}.mdx: <ClosingSlide> must be the last slide`);
  return problems;
}

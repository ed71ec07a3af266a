// The lesson's "On this page" list marks the section being read: the last heading that has scrolled past the top
// quarter of the window (the first one before any has).

/** Which of the headings (their tops, in page order, relative to the window) is being read, given the reading line. */
export function currentSection(tops: readonly number[], line: number): number {
  let current = 0;
  tops.forEach((top, i) => {
    if (top <= line) current = i;
  });
  return current;
}

export function followSections(toc: HTMLElement): void {
  const links = [...toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
  const headings = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1)))).filter((h): h is HTMLElement => h !== null);
  if (headings.length === 0) return;
  let frame = 0;
  const update = () => {
    frame = 0;
    const current = headings[currentSection(headings.map((h) => h.getBoundingClientRect().top), innerHeight * 0.25)];
    for (const a of links) {
      if (current && a.hash === `#${current.id}`) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    }
  };
  addEventListener('scroll', () => (frame ||= requestAnimationFrame(update)), { passive: true });
  addEventListener('resize', () => (frame ||= requestAnimationFrame(update)));
  update();
}

/** The deck's slide size and margin, shared by reveal.js's config and the print styles the CSP must allow. */
export const slideSize = { width: 1280, height: 720, margin: 0.06 } as const;

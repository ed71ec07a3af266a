// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// WebContainer (the opt-in real shell) needs a cross-origin isolated page. `credentialless` keeps
// every same-origin asset loading without extra CORP headers, and the rest of the site does not care.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  markdown: {
    shikiConfig: {
      // Two themes emitted as CSS variables; the page picks one from the reader's preference or toggle.
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
      wrap: false,
    },
  },
  server: { host: '127.0.0.1', port: 4321, headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
    worker: { format: 'es' },
    build: {
      rolldownOptions: {
        // MDX pages carry Astro's own "use astro:head-inject" marker; the bundler's note about it is noise.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  },
});

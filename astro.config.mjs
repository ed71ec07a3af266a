// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { codeTitle } from './src/integrations/code-title.ts';
import { codeCopy } from './src/integrations/code-copy.ts';
import serviceWorker from './src/integrations/service-worker.ts';
import demoPreloads from './src/integrations/demo-preloads.ts';
import { baseDirectives } from './src/build-time/csp-policy.ts';
import { baseLinks } from './src/integrations/base-links.ts';
import { baseFromEnv } from './src/serve/base-path.ts';
import { mdxUsesPlugin } from './src/build-time/mdx-uses.ts';

// The path the site is hosted under: `/` by default, `CONTAINERLESS_BASE=/containerless/ npm run build` for a
// project site of a static host. Every address the site gives itself follows it (src/client/site-path.ts).
const base = baseFromEnv();

// WebContainer (the opt-in real shell) needs a cross-origin isolated page. `credentialless` keeps
// every same-origin asset loading without extra CORP headers, and the rest of the site does not care.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  site: 'http://localhost:4321',
  base,
  trailingSlash: 'ignore',
  // The service worker must come last: it lists the files the other integrations wrote (the demo's preloads change pages).
  integrations: [mdx(), demoPreloads(), serviceWorker()],
  security: {
    // A strict policy in each page's meta tag: Astro hashes the inline scripts and styles it renders; everything
    // else comes from this origin. Per-route additions (wasm, WebContainer) are in src/site/PagePolicy.astro.
    csp: {
      algorithm: 'SHA-256',
      directives: baseDirectives,
      scriptDirective: { resources: ["'self'"] },
      // Highlighted code carries its two palettes in style attributes (Shiki's CSS variables); attributes cannot run code.
      // Each kind named on its own (style-src-elem: files from this origin plus Astro's hashes; style-src-attr: the
      // attributes), so no source is listed where a more specific directive would shadow it.
      styleDirective: { resources: [{ resource: "'self'", kind: 'element' }, { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  build: {
    // Styles as files, never inline <style>: styles of components inside MDX content reach the page after Astro has
    // hashed the head's inline styles, so inlined they would break the policy. Files are also cached once for all pages.
    inlineStylesheets: 'never',
  },
  markdown: {
    // Root-absolute links written in lessons and decks get the base path; each MDX file records the guided steps and
    // widgets it uses into its frontmatter as `uses` (src/build-time/mdx-uses.ts). MDX inherits this processor.
    processor: satteri({ mdastPlugins: [mdxUsesPlugin], hastPlugins: [baseLinks(base)] }),
    shikiConfig: {
      // Two themes emitted as CSS variables; the page picks one from the reader's preference or toggle.
      themes: { light: 'github-light', dark: 'github-dark-default' },
      defaultColor: false,
      // The copy button's wrapper first, so a title's <figure> holds the whole block.
      transformers: [codeCopy(), codeTitle()],
      wrap: false,
    },
  },
  server: { host: '127.0.0.1', port: 4321, headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
    worker: { format: 'es' },
    build: {
      // One chunk is larger than Vite's 500 kB default on purpose: the in-page cluster model (src/kube/page.ts, about
      // 700 kB minified, 120 kB gzip, mostly the Kubernetes schemas it validates with), loaded only where it is used.
      chunkSizeWarningLimit: 800,
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

// `node src/integrations/write-service-worker.ts [dist]`: writes dist/sw.js again from what dist/ holds now.
// For build steps that add files after `astro build` (the search index from pagefind), so they are precached too.
import { resolve } from 'node:path';
import { describeManifest, writeServiceWorker } from './service-worker.ts';

const dist = resolve(process.argv[2] ?? 'dist');
console.log(describeManifest(writeServiceWorker(dist)));

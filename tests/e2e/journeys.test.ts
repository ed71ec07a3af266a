// The journeys each kind of user depends on, run in every browser we test (Chromium and Firefox ESR) from one
// test body through a thin driver: a learner's demo, terminal, steps and search; a speaker's live slide and speaker
// view; the site offline after one visit; the in-page Kubernetes deploy.
import { expect, test } from 'vitest';
import { eachBrowser, until, type DriverPage } from './drivers/index.ts';
import { baseURL } from './harness.ts';

const RUN_LESSON = '/learn/run-and-curl/';
const DECK = '/talk/containerless/';

const screen = (page: DriverPage) => page.evaluate(() => document.querySelector('containerless-terminal .xterm-rows')?.textContent ?? '');
const rows = (page: DriverPage) =>
  page.evaluate(() => [...document.querySelectorAll('containerless-terminal .xterm-rows > div')].map((r) => r.textContent?.trim() ?? ''));

eachBrowser('journeys', (driver) => {
  test('lesson 5: the demo answers, and curl in the terminal gets a word from the module in the page', async () => {
    const page = await driver().open();
    await page.goto(baseURL() + RUN_LESSON);
    await page.evaluate(() => document.querySelector('word-generator-demo')?.scrollIntoView({ block: 'center' }));
    await until(() => page.text('word-generator-demo .word'), (w) => /^d[a-z]+$/.test(w ?? ''), 'the demo word', 30_000);
    await page.evaluate(() => document.querySelector('containerless-terminal')?.scrollIntoView({ block: 'center' }));
    await until(() => page.attribute('containerless-terminal', 'data-ready'), (v) => v === '', 'the terminal is ready', 30_000);
    await page.click('containerless-terminal .xterm');
    // The demo and the terminal may share one page network; start a server only when nobody listens on :8090.
    await page.type('curl localhost:8090/healthz');
    await page.press('Enter');
    const health = await until(() => screen(page), (s) => /Connection refused|ok/.test(s), 'curl answered');
    if (health.includes('Connection refused')) {
      await page.type('wasmedge word_generator.wasm &');
      await page.press('Enter');
      await until(() => screen(page), (s) => s.includes('Listening on http://0.0.0.0:8090'), 'the server listens');
    }
    await page.type('curl localhost:8090/?starts_with=k');
    await page.press('Enter');
    await until(() => rows(page), (r) => r.some((l) => /^k[a-z]+$/.test(l)), 'a k-word in the terminal');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('a guided step marked done is still done after a reload', async () => {
    const page = await driver().open();
    await page.goto(baseURL() + RUN_LESSON);
    const button = '#step-page-curl-health button.done';
    await until(() => page.attribute(button, 'aria-pressed'), (v) => v === 'false', 'the step starts not done');
    await page.click(button);
    await until(() => page.attribute(button, 'aria-pressed'), (v) => v === 'true', 'the step is done');
    await page.reload();
    await until(() => page.attribute(button, 'aria-pressed'), (v) => v === 'true', 'the step is still done after reload');
    await page.close();
  });

  test('search finds a lesson from the keyboard and opens it', async () => {
    const page = await driver().open();
    await page.goto(baseURL() + '/learn/wasi/');
    await page.typeInto('#site-search-input', 'RuntimeClass');
    await until(() => page.count('#site-search-results [role="option"]'), (n) => n > 0, 'search results', 20_000);
    const titles = await page.evaluate(() => [...document.querySelectorAll('#site-search-results .hit-title')].map((t) => t.textContent).join(' | '));
    expect(titles).toMatch(/cluster/i);
    await page.press('ArrowDown');
    await page.press('Enter');
    await until(() => page.evaluate(() => location.pathname), (p) => p.startsWith('/learn/') && p !== '/learn/wasi/', 'a lesson opened');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('the deck: the live slide answers, and the speaker view opens with notes and a mirror of it', async () => {
    const page = await driver().open();
    await page.goto(baseURL() + DECK);
    await until(() => page.evaluate(() => typeof (window as { Reveal?: unknown }).Reveal), (t) => t === 'object', 'reveal.js started', 20_000);
    await page.evaluate(() => {
      const index = [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('deck-word-demo'));
      (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(index);
    });
    await until(() => page.text('deck-word-demo word-generator-demo .word'), (w) => /^d[a-z]+$/i.test(w ?? ''), 'the live slide word', 30_000);
    const speaker = await page.popup(() => page.press('s'));
    await until(() => speaker.text('.speaker-controls-notes .value'), (t) => (t ?? '').length > 20, 'speaker notes', 20_000);
    await until(
      () => speaker.evaluate(() => [...document.querySelectorAll('iframe')].length),
      (n) => n > 0,
      'the speaker view shows the slides',
    );
    expect(page.errors).toEqual([]);
    await speaker.close();
    await page.close();
  });

  test('after one visit, the site and its live demo work with the network off', async () => {
    const page = await driver().open();
    await page.goto(baseURL() + '/');
    await until(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          return new Promise<boolean>((resolve) => {
            const onMessage = (event: MessageEvent) => {
              const data = event.data as { type?: string; cached?: number; expected?: number } | null;
              if (data?.type !== 'status') return;
              navigator.serviceWorker.removeEventListener('message', onMessage);
              resolve(data.cached === data.expected && (data.expected ?? 0) > 0);
            };
            navigator.serviceWorker.addEventListener('message', onMessage);
            registration.active?.postMessage('status');
          });
        }),
      (ok) => ok,
      'every file precached',
      60_000,
    );
    await page.setOffline(true);
    await page.goto(baseURL() + RUN_LESSON);
    await page.evaluate(() => document.querySelector('word-generator-demo')?.scrollIntoView({ block: 'center' }));
    await until(() => page.text('word-generator-demo .word'), (w) => /^d[a-z]+$/.test(w ?? ''), 'the demo answers offline', 30_000);
    await page.setOffline(false);
    await page.close();
  });

  test('lesson 8: the model cluster deploys the real module, and port-forward + curl gets a word', async () => {
    const page = await driver().open({ width: 1280, height: 900 });
    const kube = 'containerless-terminal[data-terminal="kube8"]';
    const kubeScreen = () => page.evaluate((sel) => document.querySelector(`${sel} .xterm-rows`)?.textContent ?? '', kube);
    await page.goto(baseURL() + '/learn/deploy/');
    await until(() => page.text(`${kube} .model-note`), (t) => (t ?? '').includes('A model of the Kubernetes control plane'), 'the framing');
    // Catch up on lessons 6 and 7 (image, registry, cluster), then the lesson's own steps with "Run here".
    await page.click('kube-catch-up summary');
    await page.click('kube-catch-up button.run');
    await until(kubeScreen, (t) => t.includes('Node runtimes from deploy/kind/cluster.yaml: runc, wasmedge'), 'the cluster is up', 45_000);
    for (const step of ['deploy-apply', 'port-forward']) {
      await page.click(`guided-step[data-step="${step}"] button.rehearse`);
      await until(() => page.text(`guided-step[data-step="${step}"] .status`), (t) => (t ?? '').includes('Rehearsed in this page'), `${step} rehearsed`, 45_000);
    }
    await page.click(`${kube} .xterm`);
    await page.type('curl localhost:8080/?starts_with=k');
    await page.press('Enter');
    await until(
      () => page.evaluate((sel) => [...document.querySelectorAll(`${sel} .xterm-rows > div`)].map((r) => r.textContent?.trim() ?? ''), kube),
      (r) => r.some((l) => /^k[a-z]+$/.test(l)),
      'a k-word from the pod',
    );
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

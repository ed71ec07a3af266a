// The in-page Kubernetes model as learners and speakers meet it: lesson 8's guided steps run in the page give a word
// through port-forward and curl; a debug shell reaches the Service by DNS name; three pods answer after a scale; a broken RuntimeClass shows its event; the deck's
// live slide deploys and answers with the network off.
import { describe, expect, test } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { axeViolations, baseURL, open, readyTerminal, terminalLines, terminalText, typeLine, useBrowser, type Session } from './harness.ts';
import { currentPreview, openDeck, openSpeakerView, showSlideWith } from './deck-page.ts';

const browser = useBrowser();

const LESSON8 = '/learn/deploy/';
const SHOTS = process.env['KUBE_SHOTS'];
const KUBE8 = 'containerless-terminal[data-terminal="kube8"]';

const text = (page: Page) => terminalText(page, KUBE8);
const rows = (page: Page) => terminalLines(page, KUBE8);

/** Lesson 8 in a fresh context. */
async function openLesson8(options: BrowserContextOptions & { theme?: 'light' | 'dark' } = {}): Promise<Session> {
  const session = await open(browser(), options);
  await session.page.goto(baseURL() + LESSON8);
  return session;
}

/** Types a line into lesson 8's cluster terminal (clicked first: a step's button may have taken the focus). */
async function type(page: Page, line: string): Promise<void> {
  await page.locator(`${KUBE8} .xterm`).click();
  await typeLine(page, line);
}

/** Types a line and waits until its command has finished: the prompt is back on a row after it. */
async function run(page: Page, line: string, timeout = 15_000): Promise<void> {
  await type(page, line);
  await expect.poll(async () => {
    const shown = await rows(page);
    const at = shown.findLastIndex((l) => l.endsWith(line));
    return at >= 0 && shown.slice(at + 1).includes('$');
  }, { timeout }).toBe(true);
}

/** Clicks a guided step's "Run here" and waits for the step to report its rehearsal. */
async function runStep(page: Page, id: string): Promise<void> {
  const step = page.locator(`guided-step[data-step="${id}"]`);
  await step.locator('button.rehearse').click();
  await expect.poll(() => step.locator('.status').textContent(), { timeout: 30_000 }).toContain('Rehearsed in this page');
}

/** The main deck in a fresh context, on the kube slide with its demo ready. */
async function kubeSlide(): Promise<Session & { demo: Locator }> {
  const session = await open(browser(), { viewport: { width: 1280, height: 720 } });
  await openDeck(session.page, '/talk/containerless/');
  await showSlideWith(session.page, '[data-demo="kube"]');
  const demo = session.page.locator('deck-kube-demo');
  await expect.poll(() => demo.getAttribute('data-ready'), { timeout: 30_000 }).toBe('');
  return { ...session, demo };
}

describe('lesson 8 in the page', () => {
  test('the guided steps in order give a k word through port-forward and curl; three pods answer after a scale; a broken RuntimeClass shows its event', async () => {
    const { page, context, offsite, errors } = await openLesson8({ viewport: { width: 1280, height: 900 } });
    // The framing is on the page before anything runs.
    await expect.poll(() => page.locator(`${KUBE8} .model-note`).innerText(), { timeout: 15_000 }).toContain('A model of the Kubernetes control plane');
    // Catch up on lessons 6 and 7 (image, registry, push, cluster), then the lesson's own steps.
    const catchUp = page.locator('kube-catch-up');
    await catchUp.locator('summary').click();
    await catchUp.locator('button.run').click();
    await expect.poll(() => text(page), { timeout: 30_000 }).toContain('Node runtimes from deploy/kind/cluster.yaml: runc, wasmedge');
    await runStep(page, 'deploy-apply');
    await expect.poll(() => text(page)).toContain('deployment "word-generator" successfully rolled out');
    await runStep(page, 'port-forward');
    await type(page, 'curl localhost:8080/?starts_with=k');
    await expect.poll(async () => (await rows(page)).some((l) => /^k[a-z]+$/.test(l)), { timeout: 15_000 }).toBe(true);
    if (SHOTS) await page.locator(KUBE8).screenshot({ path: `${SHOTS}/lesson8-wide.png` });
    // The page stays accessible with the model's note and the step buttons.
    expect(await axeViolations(page)).toEqual([]);

    // A shell inside the cluster: kubectl's line, the image's prompt, the Service by its DNS name; exit deletes the pod.
    await type(page, 'clear');
    await type(page, 'kubectl run -it --rm debug --image=curlimages/curl --restart=Never -- sh');
    await expect.poll(() => text(page), { timeout: 15_000 }).toContain("If you don't see a command prompt, try pressing enter.");
    await type(page, 'curl word-generator.default.svc.cluster.local:8080/?starts_with=w');
    await expect.poll(async () => (await rows(page)).some((l) => /^w[a-z]+$/.test(l)), { timeout: 15_000 }).toBe(true);
    expect(await text(page)).toContain('~ $ curl word-generator.default.svc.cluster.local:8080/?starts_with=w');
    await type(page, 'exit');
    await expect.poll(() => rows(page), { timeout: 15_000 }).toContain('pod "debug" deleted from default namespace');
    expect((await rows(page)).at(-1)).toBe('$');

    await type(page, 'kubectl scale deployment/word-generator --replicas=3');
    await type(page, 'kubectl rollout status deployment/word-generator --timeout=60s');
    await expect.poll(() => text(page), { timeout: 30_000 }).toContain('deployment "word-generator" successfully rolled out');
    for (let i = 0; i < 3; i++) await type(page, 'kubectl run curl --image=curlimages/curl --rm -it --restart=Never -- curl -s http://word-generator:8080/?starts_with=k');
    await type(page, 'clear');
    await type(page, 'kubectl logs -l app.kubernetes.io/name=word-generator --prefix --tail=1');
    await expect.poll(async () => new Set((await rows(page)).flatMap((l) => /^\[pod\/(\S+)\/word-generator\] GET \/\?starts_with=k 200$/.exec(l)?.[1] ?? [])).size, { timeout: 15_000 }).toBe(3);

    await run(page, 'kubectl delete runtimeclass wasmedge');
    // The controllers react to the restart before the next command runs (src/kube/cluster.ts, soon()).
    await run(page, 'kubectl rollout restart deployment/word-generator');
    expect(await rows(page)).toContain('deployment.apps/word-generator restarted');
    await type(page, 'clear');
    await type(page, 'kubectl get events');
    await expect.poll(() => text(page), { timeout: 15_000 }).toContain('pod rejected: RuntimeClass "wasmedge" not found');
    expect(offsite).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  test('a lesson without the model never loads it', async () => {
    const { page, context } = await open(browser());
    // The model's code is known by a message only it has.
    const loaded: string[] = [];
    page.on('response', async (r) => {
      if (r.url().endsWith('.js') && (await r.text().catch(() => '')).includes('failed to get sandbox runtime')) loaded.push(new URL(r.url()).pathname);
    });
    await page.goto(baseURL() + '/learn/run-and-curl/');
    await readyTerminal(page);
    await page.waitForLoadState('networkidle');
    expect(loaded).toEqual([]);
    await context.close();
  });

  test.runIf(SHOTS)('screenshots: phone width and dark theme', async () => {
    for (const [name, options] of [['phone', { viewport: { width: 390, height: 844 }, theme: 'light' as const }], ['dark', { viewport: { width: 1280, height: 900 }, theme: 'dark' as const }]] as const) {
      const { page, context } = await openLesson8(options);
      const terminal = await readyTerminal(page, KUBE8);
      await run(page, 'kubectl get pods -o wide');
      await terminal.screenshot({ path: `${SHOTS}/lesson8-${name}.png` });
      await context.close();
    }
  });
});

describe('the deck slide', () => {
  test('kubectl apply and curl through the model, with nothing fetched beyond the page\'s own server', async () => {
    // Every request off localhost is blocked and recorded by the harness: the slide must need none.
    const { page, context, offsite, demo } = await kubeSlide();
    await demo.locator('button[data-run="apply"]').click();
    await expect.poll(() => demo.locator('output').textContent(), { timeout: 30_000 }).toContain('successfully rolled out');
    await demo.locator('button[data-run="curl"]').click();
    await expect.poll(async () => (await demo.locator('output').textContent())?.split('\n').some((l) => /^k[a-z]+$/.test(l.trim())), { timeout: 20_000 }).toBe(true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/deck-kube.png` });
    // Pressed again, it only curls: the forward from the first press is still there.
    await demo.locator('button[data-run="curl"]').click();
    await expect.poll(async () => (await demo.locator('output').textContent())?.split('\n').filter((l) => /^k[a-z]+$/.test(l.trim())).length, { timeout: 20_000 }).toBe(2);
    expect(await demo.locator('output').textContent()).not.toContain('Unable to listen');
    expect(offsite).toEqual([]);
    await context.close();
  });

  test('the speaker view mirrors the slide, and its buttons drive the presenting window', async () => {
    const { page: audience, context, offsite, demo } = await kubeSlide();
    const notes = await openSpeakerView(context, audience);
    const preview = (await currentPreview(notes)).locator('deck-kube-demo');
    await expect.poll(() => preview.getAttribute('data-mode'), { timeout: 15_000 }).toBe('receiver');
    await preview.locator('button[data-run="apply"]').click();
    await expect.poll(() => demo.locator('output').textContent(), { timeout: 30_000 }).toContain('successfully rolled out');
    await expect.poll(async () => (await preview.locator('output').textContent()) === (await demo.locator('output').textContent()), { timeout: 10_000 }).toBe(true);
    expect(offsite).toEqual([]);
    await context.close();
  }, 120_000);
});

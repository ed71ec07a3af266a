// What the progress chrome tells a learner: the overview's counts and next steps, the home page's "Continue where you
// left off", and the messages of the two code forms. Driven through a real ProgressStore (in memory, with a clock the
// test moves), so "the lesson touched last" is what the learner last did.
import { describe, expect, test } from 'vitest';
import { ProgressStore } from '../../../src/progress/store.ts';
import { importMessage, lessonTally, stepHref, stepsDoneText, verifyMessage, whereToContinue, type CourseLesson } from '../../../src/progress/summary.ts';

const course: CourseLesson[] = [
  { id: 'why-containerless', order: 1, title: 'Why containerless', href: '/learn/why-containerless/', steps: [{ id: 'done-reading', title: 'read it to the end' }] },
  { id: 'build', order: 4, title: 'Build it', href: '/learn/build/', steps: [{ id: 'build-module', title: 'Build the module' }, { id: 'inspect-module', title: 'Look inside' }] },
  { id: 'run-and-curl', order: 5, title: 'Run it and curl it', href: '/learn/run-and-curl/', steps: [{ id: 'page-curl-word', title: 'Ask for a word' }, { id: 'page-curl-bad-request', title: 'Send a bad request' }] },
];

function learner() {
  let clock = 1_000;
  const store = new ProgressStore(undefined, () => (clock += 10));
  const isDone = (lesson: string, step: string) => store.isDone(lesson, step);
  const continueAt = () => whereToContinue(course, store.snapshot(), isDone);
  return { store, isDone, continueAt };
}

describe('the progress overview', () => {
  test('counts a lesson’s steps done and names the first one open', () => {
    const { store, isDone } = learner();
    const steps = ['page-curl-word', 'page-curl-bad-request'];
    expect(lessonTally('run-and-curl', steps, isDone)).toEqual({ done: 0, count: '0 of 2', next: 'page-curl-word' });
    store.setDone('run-and-curl', 'page-curl-word', true);
    expect(lessonTally('run-and-curl', steps, isDone)).toEqual({ done: 1, count: '1 of 2', next: 'page-curl-bad-request' });
    store.setDone('run-and-curl', 'page-curl-bad-request', true);
    expect(lessonTally('run-and-curl', steps, isDone)).toEqual({ done: 2, count: 'all 2 ✓', next: undefined });
  });

  test('a step marked in another lesson does not count here', () => {
    const { store, isDone } = learner();
    store.setDone('build', 'page-curl-word', true);
    expect(lessonTally('run-and-curl', ['page-curl-word'], isDone).count).toBe('0 of 1');
  });

  test('a step links to its place in the lesson; "done reading" to the lesson itself', () => {
    expect(stepHref('/learn/build/', 'build-module')).toBe('/learn/build/#step-build-module');
    expect(stepHref('/learn/why-containerless/', 'done-reading')).toBe('/learn/why-containerless/');
  });

  test('a lesson’s progress line says when the lesson is complete', () => {
    expect(stepsDoneText(1, 3)).toBe('1 of 3 steps done');
    expect(stepsDoneText(3, 3)).toBe('3 of 3 steps done: lesson complete');
  });
});

describe('continue where you left off', () => {
  test('with nothing marked, the page keeps its "Start with lesson 1"', () => {
    expect(learner().continueAt()).toBeUndefined();
  });

  test('leads to the next open step of the lesson touched last', () => {
    const { store, continueAt } = learner();
    store.setDone('run-and-curl', 'page-curl-word', true);
    store.setDone('build', 'build-module', true);
    expect(continueAt()).toEqual({ text: 'Continue where you left off: lesson 4, Build it', href: '/learn/build/#step-inspect-module', detail: 'Next: Look inside.' });
  });

  test('after a finished lesson, goes on to the next lesson not complete, wrapping round to the start', () => {
    const { store, continueAt } = learner();
    store.setDone('run-and-curl', 'page-curl-word', true);
    store.setDone('run-and-curl', 'page-curl-bad-request', true);
    expect(continueAt()).toEqual({ text: 'Continue where you left off: lesson 1, Why containerless', href: '/learn/why-containerless/', detail: 'Next: read it to the end.' });
  });

  test('a verify code’s proof counts as the latest thing done', () => {
    const { store, continueAt } = learner();
    store.setDone('build', 'build-module', true);
    store.prove('run-and-curl', 'page-curl-word', { by: 'machine', evidence: 'containerless verify' });
    expect(continueAt()?.href).toBe('/learn/run-and-curl/#step-page-curl-bad-request');
  });

  test('with every step done, points to the last lesson’s summary', () => {
    const { store, continueAt } = learner();
    for (const lesson of course) for (const step of lesson.steps) store.setDone(lesson.id, step.id, true);
    expect(continueAt()).toEqual({ text: 'Every lesson is done: review the summary', href: '/learn/run-and-curl/', detail: 'All steps marked or verified.' });
  });
});

describe('what the code forms say', () => {
  test('a refused code shows why; none added or some added say so', () => {
    expect(importMessage('That is not a progress code (it starts with CL1.).')).toBe('That is not a progress code (it starts with CL1.).');
    expect(importMessage(0)).toBe('Nothing changed: every step in that code is already marked here.');
    expect(importMessage(1)).toBe('Added 1 step.');
    expect(importMessage(3)).toBe('Added 3 steps.');
    expect(verifyMessage(0)).toBe('Nothing changed: every step in that code was already verified.');
    expect(verifyMessage(1)).toBe('Marked 1 step as verified on your machine.');
    expect(verifyMessage(2)).toBe('Marked 2 steps as verified on your machine.');
  });
});

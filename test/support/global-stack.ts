import type { TestProject } from 'vitest/node';
import { stackInfo, startLocalStack, type StackInfo } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One local stack per run, shared by the test files: `inject('stack')`. */
    stack: StackInfo;
  }
}

/**
 * vitest globalSetup: one stack for the whole run (starting one takes ~1 s, and test files run
 * one at a time). Tests keep apart by using unique users (see users.ts), not fresh stacks.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startLocalStack();
  project.provide('stack', stackInfo(stack));
  return () => stack.stop();
}

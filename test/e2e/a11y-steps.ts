/**
 * axe-core on a view, as the e2e suites run it: its source is injected with `evaluate` (an
 * extension page's CSP refuses a script tag, FIELD-NOTES), it runs every rule it has by default
 * (WCAG A and AA, and best practices: landmarks, headings, scrollable regions), and a view
 * passes with 0 violations. The failure lists each rule, its impact and the elements it found.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { ExtensionPage } from '../support/browser-driver.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe on the page as it is now (loading axe into it the first time). */
export async function axeViolations(page: Pick<ExtensionPage, 'evaluate'>): Promise<AxeViolation[]> {
  return page.evaluate<AxeViolation[]>(`async () => {
    if (!window.axe) { ${AXE_SOURCE}\n }
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));
  }`);
}

/** Readable lines for a failure message: one rule per line, with where. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target}: ${n.summary.replace(/\s+/g, ' ')}`).join(' | ')}`).join('\n');
}

/** The view `name` has no axe violation; a screenshot of it is saved either way. */
export async function expectAccessible(page: ExtensionPage, name: string): Promise<void> {
  await page.screenshot(name);
  const violations = await axeViolations(page);
  expect(violations, `${name}:\n${describeViolations(violations)}`).toEqual([]);
}

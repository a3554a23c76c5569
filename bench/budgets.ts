/** Issue 15's budgets as the bench records them: one entry per target, from one run. */
import type { Row } from './table.ts';

export interface Budget {
  name: string;
  /** The value must be ≤ goal. */
  goal: number;
  /** null: this run did not measure it. */
  value: number | null;
  unit: string;
  met: boolean;
  /** What the figure must be read beside (a floor measured in the same run). */
  note?: string;
}

export function budgetRows(budgets: readonly Budget[]): Row[] {
  return budgets.map((b) => ['budget', b.name, b.value === null ? 'not measured' : `${b.value} ${b.unit}`, `goal ≤ ${b.goal} ${b.unit}: ${b.met ? 'met' : 'MISSED'}${b.note ? `; ${b.note}` : ''}`]);
}

/** A plain-text table for the terminal (and a Markdown one for the README). */
export type Row = [area: string, metric: string, value: string | number, note: string];

export function tableOf(rows: Row[]): string {
  const head: Row = ['area', 'metric', 'value', 'note'];
  const all = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(all[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function markdownOf(rows: Row[]): string {
  const esc = (c: string | number) => String(c).replace(/\|/g, '\\|');
  return ['| Area | Metric | Value | Note |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

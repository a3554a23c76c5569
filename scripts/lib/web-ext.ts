/** web-ext (Mozilla's tool) for linting the Firefox build (the zips are scripts/lib/zip.ts's). */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// web-ext's package exports hide its package.json; its bin sits at a fixed place.
const BIN = resolve(import.meta.dirname, '../../node_modules/web-ext/bin/web-ext.js');

export interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

export interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
}

export async function lintFirefox(sourceDir: string): Promise<LintReport> {
  // web-ext exits non-zero when it finds errors; the JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, [BIN, 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-input'], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as LintReport;
  return { errors: report.errors, warnings: report.warnings };
}

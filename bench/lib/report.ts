// How every benchmark reports: figures with units, compared with the issue's target (PASS/OVER),
// printed for people, plus one machine-readable line the runner (scripts/bench.mjs) collects
// into its summary table. Printing only: a figure over target never fails anything.

export const QUICK = process.argv.includes('--quick');

export interface Figure {
  label: string;
  value: number;
  unit: string;
  /** Lower is better; PASS when value <= max. */
  target?: { max: number; text?: string };
  note?: string;
}

/** Marks the line scripts/bench.mjs parses; everything else a bench prints passes through as is. */
export const RESULT_MARKER = '@@viban-bench-result@@';

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function verdict(f: Figure): 'PASS' | 'OVER' | '' {
  if (!f.target || !Number.isFinite(f.value)) return '';
  return f.value <= f.target.max ? 'PASS' : 'OVER';
}

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`.trim();
}

export function formatFigure(f: Figure): string {
  const target = f.target ? `  (target ${f.target.text ?? `< ${formatValue(f.target.max, f.unit)}`})` : '';
  const v = verdict(f);
  return `  ${f.label.padEnd(44)} ${formatValue(f.value, f.unit).padStart(12)}${target}${v ? `  ${v}` : ''}${f.note ? `  — ${f.note}` : ''}`;
}

/** A benchmark's handle: print figures as they are measured, then hand them all to the runner. */
export class BenchReport {
  private readonly figures: Figure[] = [];
  private readonly notes: string[] = [];

  constructor(readonly name: string, title: string) {
    console.log(`\n=== ${name}: ${title}${QUICK ? ' (quick)' : ''}`);
  }

  figure(f: Figure): void {
    this.figures.push({ ...f, value: round(f.value, 3) });
    console.log(formatFigure(f));
  }

  /** Something the reader must know (what could not be measured, and why). */
  note(text: string): void {
    this.notes.push(text);
    console.log(`  note: ${text}`);
  }

  log(text: string): void {
    console.log(`  ${text}`);
  }

  done(): void {
    console.log(`${RESULT_MARKER}${JSON.stringify({ name: this.name, figures: this.figures, notes: this.notes })}`);
  }
}

/** Runs `fn` `warmup + runs` times; returns the durations (ms) of the measured runs. */
export async function timeRuns(runs: number, warmup: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    await fn(i);
    const dt = performance.now() - t0;
    if (i >= warmup) times.push(dt);
  }
  return times;
}

export const mb = (bytes: number) => bytes / (1024 * 1024);

/** Entry point of a bench file (bench files are CommonJS under tsx: no top-level await). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exit(1);
    },
  );
}

/**
 * bench/RESULTS.md: how results are written down and read back.
 *
 *   # Benchmark results                    header: machine, versions, date, methodology,
 *   …                                      and a summary table of every area
 *   ## <area>                              one section per area: method, table, and a
 *   <method>                               status line `_Measured <date> (<mode>): N of M
 *   | measurement | value | target | met | targets met._` that the summary is built from
 *
 * A run replaces the sections of the areas it ran and keeps the others as they were.
 */
import { fmt, type BenchResult } from './harness.ts';

export interface Section {
  area: string;
  /** The section's Markdown, from its `## ` heading on. */
  text: string;
}

export interface SectionStatus {
  date: string;
  mode: string;
  met: number;
  targets: number;
  failed: boolean;
}

const STATUS = /^_Measured (\S+) \(([^)]+)\): (?:(\d+) of (\d+) targets met|no targets|FAILED[^_]*)\._$/m;

export function tableOf(r: BenchResult): string {
  const lines = ['| measurement | value | target | met |', '|---|---|---|---|'];
  for (const row of r.rows) {
    const met = row.met === undefined ? 'info' : row.met ? 'yes' : '**no**';
    lines.push(`| ${row.name}${row.note ? ` (${row.note})` : ''} | ${fmt(row.value)} ${row.unit} | ${row.target ?? '— (informational)'} | ${met} |`);
  }
  return lines.join('\n');
}

export function renderSection(r: BenchResult, date: string, mode: string): string {
  const judged = r.rows.filter((x) => x.met !== undefined);
  const met = judged.filter((x) => x.met).length;
  const status = judged.length ? `${met} of ${judged.length} targets met` : 'no targets';
  const reps = r.repetitions ? ` Median of ${r.repetitions} repetition${r.repetitions > 1 ? 's' : ''}${r.warmup === false ? '' : ' after a warm-up'}.` : '';
  return `## ${r.area}\n\n${r.method}${reps}\n\n${tableOf(r)}\n\n_Measured ${date} (${mode}): ${status}._\n`;
}

export function renderFailure(area: string, date: string, mode: string, err: Error): string {
  const why = (err.message || String(err)).split('\n')[0].replace(/_/g, '\\_');
  return `## ${area}\n\nThe benchmark did not complete: ${why}\n\n_Measured ${date} (${mode}): FAILED._\n`;
}

/** Headings of the file's own parts (not areas). */
const OWN = new Set(['Methodology', 'Summary']);

/** Area sections of an existing RESULTS.md, in order. */
export function parseSections(text: string): Section[] {
  return text
    .split(/^(?=## )/m)
    .slice(1)
    .map((part) => ({ area: part.split('\n')[0].slice(3).trim(), text: part.trimEnd() + '\n' }))
    .filter((s) => !OWN.has(s.area));
}

export function statusOf(section: string): SectionStatus | null {
  const m = STATUS.exec(section);
  if (!m) return null;
  return { date: m[1], mode: m[2], met: Number(m[3] ?? 0), targets: Number(m[4] ?? 0), failed: section.includes('): FAILED') };
}

/** The summary table: one line per area, in the given order. */
export function summaryTable(sections: Section[]): string {
  const lines = ['| area | targets met | measured |', '|---|---|---|'];
  let met = 0;
  let all = 0;
  for (const s of sections) {
    const st = statusOf(s.text);
    if (!st) {
      lines.push(`| [${s.area}](#${anchor(s.area)}) | ? | (no status line: older format) |`);
      continue;
    }
    met += st.met;
    all += st.targets;
    const verdict = st.failed ? '**failed**' : st.targets === 0 ? '—' : st.met === st.targets ? `${st.met} / ${st.targets}` : `**${st.met} / ${st.targets}**`;
    lines.push(`| [${s.area}](#${anchor(s.area)}) | ${verdict} | ${st.date}, ${st.mode} |`);
  }
  lines.push(`| **all areas** | **${met} / ${all}** | |`);
  return lines.join('\n');
}

function anchor(area: string): string {
  return area.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

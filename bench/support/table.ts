// The figures as a table: plain text for the terminal, Markdown for the README.

import { formatNumber, verdict, type Figure, type Unit } from './figures.js';

const SUFFIX: Record<Unit, string> = {
  bytes: ' B',
  ms: ' ms',
  s: ' s',
  calls: '',
  MB: ' MB',
};

function show(value: number, unit: Unit): string {
  // Timings below 10 ms keep two decimals; longer ones are whole milliseconds.
  const shown = unit === 'ms' && value >= 10 ? Math.round(value) : value;
  return `${formatNumber(shown)}${SUFFIX[unit]}`;
}

interface Row {
  readonly figure: string;
  readonly median: string;
  readonly min: string;
  readonly max: string;
  readonly target: string;
  readonly met: string;
  readonly note: string;
}

function rows(figures: readonly Figure[]): Row[] {
  return figures.map((figure) => {
    const single = typeof figure.value === 'number';
    const value = figure.value;
    const result = verdict(figure);
    return {
      figure: figure.name,
      median: show(typeof value === 'number' ? value : value.median, figure.unit),
      min: typeof value === 'number' || single ? '' : show(value.min, figure.unit),
      max: typeof value === 'number' || single ? '' : show(value.max, figure.unit),
      target: figure.target?.text ?? '',
      met: result === 'none' ? '' : result === 'met' ? 'yes' : 'NO',
      note: figure.note ?? '',
    };
  });
}

function suitesOf(figures: readonly Figure[]): string[] {
  return [...new Set(figures.map((figure) => figure.suite))];
}

export function textTable(
  figures: readonly Figure[],
  titles: Readonly<Record<string, string>>,
): string {
  const all = rows(figures);
  const width = (pick: (row: Row) => string, header: string): number =>
    Math.max(header.length, ...all.map((row) => pick(row).length));
  const w = {
    figure: width((r) => r.figure, 'figure') + 2,
    median: width((r) => r.median, 'median'),
    min: width((r) => r.min, 'min'),
    max: width((r) => r.max, 'max'),
    target: width((r) => r.target, 'target'),
  };
  const line = (r: Omit<Row, 'note'>): string =>
    [
      r.figure.padEnd(w.figure),
      r.median.padStart(w.median),
      r.min.padStart(w.min),
      r.max.padStart(w.max),
      r.target.padEnd(w.target),
      r.met,
    ]
      .join('  ')
      .trimEnd();
  const out = [
    line({
      figure: 'figure',
      median: 'median',
      min: 'min',
      max: 'max',
      target: 'target',
      met: 'met',
    }),
  ];
  for (const suite of suitesOf(figures)) {
    out.push(titles[suite] ?? suite);
    for (const [index, figure] of figures.entries()) {
      if (figure.suite !== suite) continue;
      const row = all[index];
      if (row === undefined) continue;
      out.push(line({ ...row, figure: `  ${row.figure}` }));
      if (row.note !== '') out.push(`      ${row.note}`);
    }
  }
  return out.join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function markdownTable(
  figures: readonly Figure[],
  titles: Readonly<Record<string, string>>,
): string {
  const all = rows(figures);
  // How each figure is measured is left to bench/README.md: the notes would make the table too
  // wide to read.
  const out = [
    '| figure | median | min | max | target | met |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const suite of suitesOf(figures)) {
    out.push(`| **${cell(titles[suite] ?? suite)}** | | | | | |`);
    for (const [index, figure] of figures.entries()) {
      const row = all[index];
      if (figure.suite !== suite || row === undefined) continue;
      out.push(
        `| ${[row.figure, row.median, row.min, row.max, row.target, row.met].map(cell).join(' | ')} |`,
      );
    }
  }
  return out.join('\n');
}

// The compare report's charts, drawn as Vega-Lite specifications and rendered to SVG in Node (no browser, no
// network: the data is inline), so the HTML report stays one self-contained file.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ModelCases } from '../statistics';

export interface ReportChart {
  caption: string;
  svg: string;
}

/** Renders one Vega-Lite specification to an SVG document. */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Model colours, in model order (distinct from the class colours of the pictures). */
const MODEL_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function modelScale(models: readonly ModelCases[]) {
  return {
    domain: models.map((m) => m.name),
    range: models.map((_, i) => MODEL_COLORS[i % MODEL_COLORS.length]),
  };
}

/**
 * Signed region-proportion error (predicted − true) of every case against its true proportion, per model and
 * class: the paper's region-size bias as a picture (points below 0 on the left = small structures shrunk).
 */
export function proportionErrorSpec(models: readonly ModelCases[]): TopLevelSpec {
  const rows = models.flatMap((m) =>
    m.perCase.flatMap((c) =>
      c.perClass.map((k) => ({
        model: m.name,
        class: k.name,
        case: c.id,
        trueProportion: k.trueProportion * 100,
        error: (k.predProportion - k.trueProportion) * 100,
      })),
    ),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values: rows },
    facet: { column: { field: 'class', type: 'nominal', title: null } },
    spec: {
      width: 300,
      height: 220,
      layer: [
        {
          mark: { type: 'rule', color: '#888' },
          encoding: { y: { datum: 0, type: 'quantitative' } },
        },
        {
          mark: { type: 'point', filled: true, opacity: 0.75, size: 30 },
          encoding: {
            x: {
              field: 'trueProportion',
              type: 'quantitative',
              title: 'true region proportion (%)',
              scale: { zero: false },
            },
            y: { field: 'error', type: 'quantitative', title: 'predicted − true proportion (points of %)' },
            color: { field: 'model', type: 'nominal', scale: modelScale(models), title: 'model' },
          },
        },
      ],
    },
  };
}

/** Box plots of per-case DSC per model and class. */
export function dscBoxSpec(models: readonly ModelCases[]): TopLevelSpec {
  const rows = models.flatMap((m) =>
    m.perCase.flatMap((c) => c.perClass.map((k) => ({ model: m.name, class: k.name, dsc: k.dsc }))),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values: rows },
    facet: { column: { field: 'class', type: 'nominal', title: null } },
    spec: {
      width: 60 * models.length + 60,
      height: 220,
      mark: { type: 'boxplot', extent: 1.5 },
      encoding: {
        x: { field: 'model', type: 'nominal', title: null, sort: models.map((m) => m.name) },
        y: { field: 'dsc', type: 'quantitative', title: 'DSC per case', scale: { zero: false } },
        color: { field: 'model', type: 'nominal', scale: modelScale(models), legend: null },
      },
    },
  };
}

export async function compareCharts(models: readonly ModelCases[]): Promise<ReportChart[]> {
  return [
    {
      caption:
        'Region-size bias: predicted minus true region proportion of each case against its true proportion (structure size), per model. Points below the line under-segment.',
      svg: await renderVegaLiteSvg(proportionErrorSpec(models)),
    },
    {
      caption:
        'Per-case DSC per model (box: quartiles and median; whiskers: 1.5 IQR; points beyond: outliers).',
      svg: await renderVegaLiteSvg(dscBoxSpec(models)),
    },
  ];
}

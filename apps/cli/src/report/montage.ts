// Pictures of cases: one row per case (the image, the ground truth, then each model's prediction, each
// captioned, with a few numbers underneath), and a montage that stacks rows under a title and a class legend.
import { textWidth, GLYPH_HEIGHT } from './font';
import { renderOverlay } from './overlay';
import { fitText, Raster, type Rgb } from './raster';

export interface Panel {
  caption: string;
  /** Labels drawn over the image, or null for the bare image. */
  labels: Uint8Array | null;
  /** Lines under the panel, e.g. 'DSC 0.812' and 'FG 2.31%'. */
  lines: string[];
}

export interface CaseFigure {
  title: string;
  /** The slice shown, as display RGB (width x height). */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Nearest-neighbour upscaling of every panel. */
  scale: number;
  panels: Panel[];
}

const BACKGROUND: Rgb = [24, 24, 27];
const TEXT: Rgb = [235, 235, 235];
const DIM: Rgb = [170, 170, 170];
const PAD = 10;
const FONT = 2;
const LINE = GLYPH_HEIGHT * FONT + 6;

/** Columns are at least this wide so that captions of ~16 characters fit; narrower images are centred. */
const MIN_COLUMN = 200;

/** One case as one picture: captions above, panels side by side, numbers below. */
export function renderCaseRow(figure: CaseFigure, colors: readonly Rgb[]): Raster {
  const pw = figure.width * figure.scale;
  const ph = figure.height * figure.scale;
  const column = Math.max(pw, MIN_COLUMN);
  const n = figure.panels.length;
  const lines = Math.max(0, ...figure.panels.map((p) => p.lines.length));
  const width = Math.max(PAD + n * (column + PAD), textWidth(figure.title, FONT) + 2 * PAD);
  const height = PAD + LINE + LINE + ph + 6 + lines * LINE + PAD;
  const row = new Raster(width, height, BACKGROUND);
  row.text(PAD, PAD, fitText(figure.title, width - 2 * PAD, FONT), TEXT, FONT);
  figure.panels.forEach((panel, i) => {
    const x = PAD + i * (column + PAD);
    const top = PAD + LINE;
    const centred = (text: string) => x + Math.max(0, Math.floor((column - textWidth(text, FONT)) / 2));
    const caption = fitText(panel.caption, column, FONT);
    row.text(centred(caption), top, caption, TEXT, FONT);
    row.blit(
      renderOverlay(figure.rgb, figure.width, figure.height, panel.labels, colors, figure.scale),
      x + Math.floor((column - pw) / 2),
      top + LINE,
    );
    panel.lines.forEach((line, j) => {
      const text = fitText(line, column, FONT);
      row.text(centred(text), top + LINE + ph + 6 + j * LINE, text, DIM, FONT);
    });
  });
  return row;
}

/** Rows stacked under a title and a legend of class colours (background excluded). */
export function renderMontage(
  title: string,
  legend: ReadonlyArray<{ name: string; color: Rgb }>,
  rows: readonly Raster[],
): Raster {
  const legendWidth = legend.reduce((w, l) => w + LINE + textWidth(l.name, FONT) + 3 * PAD, 0);
  const width = Math.max(...rows.map((r) => r.width), textWidth(title, FONT) + 2 * PAD, legendWidth + PAD);
  const header = PAD + LINE + LINE + PAD / 2;
  const height = header + rows.reduce((h, r) => h + r.height, 0);
  const out = new Raster(width, height, BACKGROUND);
  out.text(PAD, PAD, fitText(title, width - 2 * PAD, FONT), TEXT, FONT);
  let x = PAD;
  const y = PAD + LINE;
  for (const { name, color } of legend) {
    out.fill(x, y, GLYPH_HEIGHT * FONT, GLYPH_HEIGHT * FONT, color);
    x += GLYPH_HEIGHT * FONT + PAD / 2;
    x += out.text(x, y, name, TEXT, FONT) + 2 * PAD;
  }
  let top = header;
  for (const r of rows) {
    out.blit(r, 0, top);
    top += r.height;
  }
  return out;
}

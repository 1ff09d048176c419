// The legend drawn over the viewport: which colour is which model (and class), and that the outlines are the
// reference. Without it a user has to go back to the panel to tell the overlays apart. Plain DOM over
// Cornerstone's viewport element, pointer-transparent so it never takes a click or a wheel from the image.

type Rgb = readonly [number, number, number];

export interface LegendItem {
  label: string;
  /** The row the item belongs to: a model's classes share one row headed by its name. */
  group?: string;
  /** The row's heading; default `${group}:`, null for none. */
  heading?: string | null;
  /** Shown on hover (e.g. where the reference comes from). */
  title?: string;
  color: Rgb;
  /** More swatches after `color` (the same class in the other models, or a model's shades). */
  more?: readonly Rgb[];
  /** Drawn as an outline swatch (the reference), not a filled one. */
  outline?: boolean;
}

export const LEGEND_TESTID = 'seglens-viewport-legend';

const rgb = (c: Rgb): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/**
 * Shows `items` over `element` (replacing a previous legend there), or removes the legend when there are no
 * items. Styles are set through the CSSOM (a strict CSP blocks style attributes, not this).
 */
export function showLegend(element: HTMLElement | undefined | null, items: readonly LegendItem[]): void {
  if (!element) return;
  const doc = element.ownerDocument;
  let legend = element.querySelector<HTMLElement>(`[data-testid="${LEGEND_TESTID}"]`);
  if (items.length === 0) {
    legend?.remove();
    return;
  }
  if (!legend) {
    legend = doc.createElement('div');
    legend.setAttribute('data-testid', LEGEND_TESTID);
    legend.setAttribute('role', 'note');
    legend.setAttribute('aria-label', 'seglens overlay legend');
    Object.assign(legend.style, {
      position: 'absolute',
      left: '50%',
      bottom: '8px',
      transform: 'translateX(-50%)',
      zIndex: '5',
      display: 'flex',
      flexWrap: 'wrap',
      justifyContent: 'center',
      gap: '2px 12px',
      // Clear of OHIF's corner overlays (window/level bottom left, slice number bottom right, about 100 px
      // each): a 13-organ legend at 90% ran under both.
      maxWidth: 'calc(100% - 240px)',
      padding: '3px 8px',
      background: 'rgba(0, 0, 0, 0.65)',
      borderRadius: '4px',
      color: '#e1e1e1',
      font: '12px/1.4 sans-serif',
      pointerEvents: 'none',
    } satisfies Partial<CSSStyleDeclaration>);
    if (getComputedStyle(element).position === 'static') element.style.position = 'relative';
    element.append(legend);
  }
  const swatch = (item: LegendItem, color: Rgb): HTMLElement => {
    const sw = doc.createElement('span');
    Object.assign(sw.style, {
      display: 'inline-block',
      width: '12px',
      height: '12px',
      borderRadius: '2px',
      boxSizing: 'border-box',
      ...(item.outline
        ? { border: `2px solid ${rgb(color)}`, background: 'transparent' }
        : { background: rgb(color) }),
    });
    return sw;
  };
  // One row per model ("hippocampus-rce: ■ anterior ■ posterior"), so two models with two classes each take
  // two short rows over the image, not four long ones.
  const rows: HTMLElement[] = [];
  let row: HTMLElement | null = null;
  let rowGroup: string | undefined;
  for (const item of items) {
    if (!row || item.group === undefined || item.group !== rowGroup) {
      row = doc.createElement('span');
      // A model with many classes (13 organs) wraps within the legend instead of running past its edges.
      Object.assign(row.style, {
        display: 'inline-flex',
        flexWrap: 'wrap',
        justifyContent: 'center',
        alignItems: 'center',
        gap: '2px 6px',
      });
      rowGroup = item.group;
      if (item.group !== undefined) {
        row.setAttribute('data-legend-group', item.group);
        const heading = item.heading === undefined ? `${item.group}:` : item.heading;
        if (heading !== null) {
          const name = doc.createElement('strong');
          name.style.whiteSpace = 'nowrap';
          name.textContent = heading;
          row.append(name);
        }
      }
      rows.push(row);
    }
    const entry = doc.createElement('span');
    entry.setAttribute('data-legend-label', item.label);
    if (item.title) entry.title = item.title;
    Object.assign(entry.style, {
      display: 'inline-flex',
      alignItems: 'center',
      gap: '3px',
      whiteSpace: 'nowrap',
    });
    const swatches = [item.color, ...(item.more ?? [])].map((color) => swatch(item, color));
    entry.append(...swatches, doc.createTextNode(item.label));
    row.append(entry);
  }
  legend.replaceChildren(...rows);
}

/** Above this many classes, models of one task share their class names in the legend (see legendItems). */
export const SHARED_CLASSES_ABOVE = 4;

interface LegendPrediction {
  modelName: string;
  visible: boolean;
  classColors: readonly LegendClass[];
}

/**
 * What the legend lists: each shown model's classes in their overlay colours, then the reference.
 *
 * Models of one task with many classes (13 organs) list each class name once, with one swatch per model in
 * the order of a first row that names the models (each with its first, middle and last shade): two models'
 * 13 organs as two 13-entry rows covered a third of a laptop's viewport.
 */
export function legendItems(
  predictions: readonly LegendPrediction[],
  reference: string | null,
): LegendItem[] {
  const shown = predictions.filter((p) => p.visible);
  const items = sharesClasses(shown) ? sharedClassItems(shown) : perModelItems(shown);
  if (reference !== null && items.length > 0)
    items.push({ label: 'reference (outline)', title: reference, color: [240, 240, 240], outline: true });
  return items;
}

function sharesClasses(shown: readonly LegendPrediction[]): boolean {
  if (shown.length < 2) return false;
  const names = shown[0].classColors.map((c) => c.name).join('\u0000');
  return (
    shown[0].classColors.length > SHARED_CLASSES_ABOVE &&
    shown.every((p) => p.classColors.map((c) => c.name).join('\u0000') === names)
  );
}

function sharedClassItems(shown: readonly LegendPrediction[]): LegendItem[] {
  const items: LegendItem[] = shown.map((p) => {
    const c = p.classColors;
    return {
      label: p.modelName,
      group: 'models',
      heading: null,
      color: c[0].color,
      more: [c[Math.floor((c.length - 1) / 2)].color, c[c.length - 1].color],
    };
  });
  shown[0].classColors.forEach((c, i) =>
    items.push({
      label: c.name,
      group: 'classes',
      heading: null,
      color: c.color,
      more: shown.slice(1).map((p) => p.classColors[i].color),
    }),
  );
  return items;
}

function perModelItems(shown: readonly LegendPrediction[]): LegendItem[] {
  const items: LegendItem[] = [];
  for (const p of shown) {
    for (const c of p.classColors)
      items.push(
        p.classColors.length > 1
          ? { label: c.name, group: p.modelName, color: c.color }
          : { label: p.modelName, color: c.color },
      );
  }
  return items;
}

export interface LegendClass {
  name: string;
  color: Rgb;
}

// The legend drawn over the viewport: which colour is which model (and class), and that the outlines are the
// reference. Without it a user has to go back to the panel to tell the overlays apart. Plain DOM over
// Cornerstone's viewport element, pointer-transparent so it never takes a click or a wheel from the image.

export interface LegendItem {
  label: string;
  /** The model a class belongs to: a model's classes share one row headed by its name. */
  group?: string;
  /** Shown on hover (e.g. where the reference comes from). */
  title?: string;
  color: readonly [number, number, number];
  /** Drawn as an outline swatch (the reference), not a filled one. */
  outline?: boolean;
}

export const LEGEND_TESTID = 'seglens-viewport-legend';

const rgb = (c: readonly [number, number, number]): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

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
      maxWidth: '90%',
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
  const swatch = (item: LegendItem): HTMLElement => {
    const sw = doc.createElement('span');
    Object.assign(sw.style, {
      display: 'inline-block',
      width: '12px',
      height: '12px',
      borderRadius: '2px',
      boxSizing: 'border-box',
      ...(item.outline
        ? { border: `2px solid ${rgb(item.color)}`, background: 'transparent' }
        : { background: rgb(item.color) }),
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
      Object.assign(row.style, { display: 'inline-flex', alignItems: 'center', gap: '4px' });
      rowGroup = item.group;
      if (item.group !== undefined) {
        row.setAttribute('data-legend-group', item.group);
        const name = doc.createElement('strong');
        name.style.whiteSpace = 'nowrap';
        name.textContent = `${item.group}:`;
        row.append(name);
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
    entry.append(swatch(item), doc.createTextNode(item.label));
    row.append(entry);
  }
  legend.replaceChildren(...rows);
}

/** What the legend lists: each shown model's classes in their overlay colours, then the reference. */
export function legendItems(
  predictions: readonly { modelName: string; visible: boolean; classColors: readonly LegendClass[] }[],
  reference: string | null,
): LegendItem[] {
  const items: LegendItem[] = [];
  for (const p of predictions) {
    if (!p.visible) continue;
    for (const c of p.classColors)
      items.push(
        p.classColors.length > 1
          ? { label: c.name, group: p.modelName, color: c.color }
          : { label: p.modelName, color: c.color },
      );
  }
  if (reference !== null && items.length > 0)
    items.push({ label: 'reference (outline)', title: reference, color: [240, 240, 240], outline: true });
  return items;
}

export interface LegendClass {
  name: string;
  color: readonly [number, number, number];
}

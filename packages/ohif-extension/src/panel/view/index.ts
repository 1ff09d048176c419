/**
 * The seglens panel's view in plain DOM and SVG. OHIF renders panels with its own React, which this bundle
 * cannot share, so the panel shell hands us an element and we draw into it. update() runs many times a
 * second while something progresses: each section redraws only when its slice of the state is a different
 * object than before (the store replaces what it changes), and inputs are patched in place, never rebuilt,
 * so typing, focus and dragging survive.
 */
import type { PanelActions, PanelState } from '../state';
import { createCompareSection } from './compare';
import type { SectionView, ViewContext } from './context';
import { createFineTuneSection } from './fineTune';
import { createLossLensSection } from './lossLens';
import { createMessageSection } from './message';
import { createModelsSection } from './models';
import { createResultsSection } from './results';
import { createSegmentSection } from './segment';
import { injectStyles } from './styles';

export interface PanelView {
  /** Shows `state`. Cheap when little changed; a no-op after destroy(). */
  update(state: PanelState): void;
  /** Removes the panel from root and stops every timer. The stylesheet stays (other panels may use it). */
  destroy(): void;
}

export const PANEL_CLASS = 'seglens-panel';

let mounts = 0;

function sameDeps(a: readonly unknown[] | null, b: readonly unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}

export function mountPanelView(root: HTMLElement, actions: PanelActions): PanelView {
  if (!root || typeof root !== 'object' || root.nodeType !== 1)
    throw new Error('mountPanelView: root must be an HTML element to render the seglens panel into');
  if (!actions || typeof actions !== 'object')
    throw new Error('mountPanelView: actions must be the PanelActions object the controls call');
  const doc = root.ownerDocument;
  injectStyles(doc);
  const prefix = `seglens-${++mounts}`;
  const ctx: ViewContext = {
    doc,
    actions,
    uid: (name) => `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`,
  };

  const sections: SectionView[] = [
    createMessageSection(ctx),
    createModelsSection(ctx),
    createSegmentSection(ctx),
    createResultsSection(ctx),
    createCompareSection(ctx),
    createLossLensSection(ctx),
    createFineTuneSection(ctx),
  ];
  const lastDeps: (readonly unknown[] | null)[] = sections.map(() => null);
  // Our own wrapper, not a class on root: the shell's React owns root's attributes.
  const panel = doc.createElement('div');
  panel.className = PANEL_CLASS;
  panel.append(...sections.map((sc) => sc.el));
  root.replaceChildren(panel);
  let destroyed = false;

  return {
    update(state: PanelState) {
      // The shell may deliver one last store notification after unmounting; drawing then would be wrong.
      if (destroyed) return;
      sections.forEach((sc, i) => {
        const deps = sc.deps(state);
        if (sameDeps(lastDeps[i], deps)) return;
        lastDeps[i] = deps;
        sc.update(state);
      });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const sc of sections) sc.destroy?.();
      panel.remove();
    },
  };
}

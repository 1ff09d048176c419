// Mounting the panel in its own React root. OHIF renders panels with its own React, which this bundle cannot
// reach, and hooks called under another copy's renderer fail ("reading 'useState'"). So the shell
// (panel-shell.ts, a hook-free class component OHIF's React renders) gives us one <div>, and this file renders
// the panel into it with the React and ReactDOM this bundle carries: every hook below runs under its own
// renderer.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Panel, type StateSource } from './components/panel';
import { initialPanelState, type PanelActions, type PanelState } from './state';
import { injectStyles } from './styles';

export { PANEL_CLASS } from './components/panel';

export interface PanelView {
  /** Shows `state` (synchronously). A no-op after destroy(). */
  update(state: PanelState): void;
  /** Unmounts the panel from root. The stylesheet stays (other panels may use it). */
  destroy(): void;
}

let mounts = 0;

function check(root: HTMLElement, actions: PanelActions, what: string): void {
  if (!root || typeof root !== 'object' || root.nodeType !== 1)
    throw new Error(`${what}: root must be an HTML element to render the seglens panel into`);
  if (!actions || typeof actions !== 'object')
    throw new Error(`${what}: actions must be the PanelActions object the controls call`);
}

/** Element ids unique to one mounted panel (two panels may be mounted at once). */
function idsFor(mount: number): (name: string) => string {
  const prefix = `seglens-${mount}`;
  return (name) => `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function render(root: HTMLElement, source: StateSource, actions: PanelActions, sync: boolean): () => void {
  injectStyles(root.ownerDocument);
  const uid = idsFor(++mounts);
  const reactRoot = createRoot(root);
  const element = <Panel source={source} actions={actions} uid={uid} />;
  if (sync) flushSync(() => reactRoot.render(element));
  else reactRoot.render(element);
  let mounted = true;
  return () => {
    if (!mounted) return;
    mounted = false;
    reactRoot.unmount();
  };
}

/**
 * Renders the panel into `root`, following `source` (the store); returns the unmount. The first render is
 * scheduled, not flushed: the shell calls this while OHIF's React commits, and a renderer must not be
 * flushed from inside a commit (the same holds for the unmount, which the shell defers).
 */
export function mountPanel(root: HTMLElement, source: StateSource, actions: PanelActions): () => void {
  check(root, actions, 'mountPanel');
  return render(root, source, actions, false);
}

/** The panel driven by update() calls instead of a store (tests, and anything that holds its own state). */
export function mountPanelView(root: HTMLElement, actions: PanelActions): PanelView {
  check(root, actions, 'mountPanelView');
  let state = initialPanelState();
  const listeners = new Set<(s: PanelState) => void>();
  const source: StateSource = {
    get: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const unmount = render(root, source, actions, true);
  let destroyed = false;
  return {
    update(next) {
      // The shell may deliver one last store notification after unmounting; drawing then would be wrong.
      if (destroyed) return;
      state = next;
      flushSync(() => listeners.forEach((l) => l(next)));
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      unmount();
    },
  };
}

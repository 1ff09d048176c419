// The panel's state lives here, outside any React component: OHIF unmounts custom panels when the user
// switches panel tabs, and a run (or its result) must survive that. Views subscribe and re-render.
import { initialPanelState, type PanelState } from './state';

export type Listener = (state: PanelState) => void;

export class PanelStore {
  private state: PanelState = initialPanelState();
  private readonly listeners = new Set<Listener>();

  get(): PanelState {
    return this.state;
  }

  /** Replaces the changed top-level fields (new objects, so views can compare by reference). */
  set(patch: Partial<PanelState> | ((state: PanelState) => Partial<PanelState>)): void {
    const change = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener(this.state);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }
}

/** What every section of the panel view gets, and what it gives back to mountPanelView. */
import type { PanelActions, PanelState } from '../state';

export interface ViewContext {
  doc: Document;
  actions: PanelActions;
  /** An element id unique to this mounted panel (two panels may be mounted at once). */
  uid(name: string): string;
}

export interface SectionView {
  el: HTMLElement;
  /**
   * The parts of the state this section shows. mountPanelView calls update() only when one of them is not
   * the same object (or value) as at the last update: the store replaces what it changes.
   */
  deps(state: PanelState): readonly unknown[];
  update(state: PanelState): void;
  destroy?(): void;
}

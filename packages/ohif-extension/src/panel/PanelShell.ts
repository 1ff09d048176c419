// The React side of the panel, as small as it can be. OHIF renders panels with its own React, which this
// bundle cannot reach, and hooks from a second React copy fail ("reading 'useState'"); a class component from
// React 18 (the host's major version, so elements are compatible) with no hooks works. It renders one <div>
// and hands it to the plain-DOM view, which follows the store. React replaces a component's props with the
// host's, so the store and actions come from the factory's closure, not from props.
import { Component, createElement, type ComponentType, type ReactNode } from 'react';
import type { PanelActions } from './state';
import type { PanelStore } from './store';
import { mountPanelView } from './view';

export interface PanelBinding {
  store: PanelStore;
  actions: PanelActions;
  /** Called each time the panel is shown (starts following the viewer the first time). */
  onMount?(): void;
}

export function createPanelComponent(bind: () => PanelBinding): ComponentType {
  return class SeglensPanel extends Component {
    private unmount: (() => void) | null = null;

    private readonly attach = (root: HTMLDivElement | null): void => {
      this.unmount?.();
      this.unmount = null;
      if (!root) return;
      const { store, actions, onMount } = bind();
      const view = mountPanelView(root, actions);
      const unsubscribe = store.subscribe((state) => view.update(state));
      this.unmount = () => {
        unsubscribe();
        view.destroy();
      };
      onMount?.();
    };

    override componentWillUnmount(): void {
      this.unmount?.();
      this.unmount = null;
    }

    override render(): ReactNode {
      return createElement('div', {
        ref: this.attach,
        className: 'seglens-panel-root',
        'data-testid': 'seglens-panel',
      });
    }
  };
}

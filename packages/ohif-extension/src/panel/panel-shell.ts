// The part of the panel OHIF's React renders, as small as it can be. OHIF renders panels with its own React,
// which this bundle cannot reach, and hooks from a second React copy fail ("reading 'useState'") when the
// host's renderer calls them; a class component from React 18 (the host's major version, so elements are
// compatible) with no hooks works. It renders one <div> and mounts the panel there in a React root of its
// own (mount.tsx), where the function components and their hooks run under this bundle's React. React
// replaces a component's props with the host's, so the store and actions come from the factory's closure.
import { Component, createElement, type ComponentType, type ReactNode } from 'react';
import type { PanelActions } from './state';
import type { PanelStore } from './store';
import { mountPanel } from './mount';

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
      this.detach();
      if (!root) return;
      const { store, actions, onMount } = bind();
      this.unmount = mountPanel(root, store, actions);
      onMount?.();
    };

    override componentWillUnmount(): void {
      this.detach();
    }

    /** Unmounts the panel's root after OHIF's React has finished its commit (a root must not unmount mid-render). */
    private detach(): void {
      const unmount = this.unmount;
      this.unmount = null;
      if (unmount) queueMicrotask(unmount);
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

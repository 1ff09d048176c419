/** @jest-environment jsdom */
// The panel as OHIF shows it: the hook-free shell rendered by a React root standing in for OHIF's, the panel
// mounted in its own root inside, following the PanelStore; hiding the panel unmounts it and the store keeps
// the state for the next time it is shown.
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createPanelComponent } from '../../src/panel/panel-shell';
import { PanelStore } from '../../src/panel/store';
import { recordingActions, type ActionCall } from './helpers/mount';

describe('the panel shell', () => {
  it('mounts the panel in its own root, follows the store, and unmounts with the shell', async () => {
    const store = new PanelStore();
    const calls: ActionCall[] = [];
    let mounted = 0;
    const Shell = createPanelComponent(() => ({
      store,
      actions: recordingActions(calls),
      onMount: () => mounted++,
    }));
    const host = document.createElement('div');
    document.body.append(host);
    const hostRoot = createRoot(host);
    await act(async () => hostRoot.render(createElement(Shell)));
    const panel = host.querySelector('[data-testid="seglens-panel"]')!;
    expect(panel.querySelector('.seglens-panel')).not.toBeNull();
    expect(mounted).toBe(1);
    const message = () => panel.querySelector<HTMLElement>('[data-testid="seglens-message"]')!;
    expect(message().hidden).toBe(true);
    act(() => store.set({ message: { kind: 'error', text: 'The backend could not start: no WASM' } }));
    expect(message().hidden).toBe(false);
    expect(message().getAttribute('role')).toBe('alert');
    expect(message().textContent).toContain('The backend could not start: no WASM');
    act(() => (panel.querySelector('[data-testid="seglens-message-dismiss"]') as HTMLElement).click());
    expect(calls).toEqual([['dismissMessage']]);
    // OHIF unmounts the panel when the user switches tabs: the store outlives it and shows again on return.
    await act(async () => hostRoot.render(createElement('div')));
    expect(host.querySelector('.seglens-panel')).toBeNull();
    act(() => store.set({ message: { kind: 'info', text: 'Loaded hippocampus-rce' } }));
    await act(async () => hostRoot.render(createElement(Shell)));
    expect(host.querySelector('[data-testid="seglens-message-text"]')?.textContent).toBe(
      'Loaded hippocampus-rce',
    );
    expect(mounted).toBe(2);
    await act(async () => hostRoot.unmount());
  });
});

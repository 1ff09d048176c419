// The panel module: one panel, "seglens", whose React component is the hook-free shell.
import { createPanelComponent } from './panel/PanelShell';
import type { SeglensRuntime } from './runtime';

export function getPanelModule(runtime: () => SeglensRuntime) {
  const component = createPanelComponent(() => {
    const r = runtime();
    return { store: r.store, actions: r.controller, onMount: r.attach };
  });
  return [
    { name: 'seglens', iconName: 'tab-segmentation', iconLabel: 'seglens', label: 'seglens', component },
  ];
}

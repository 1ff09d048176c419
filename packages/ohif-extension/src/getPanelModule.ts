// The panel module: one panel, "seglens", whose React component is the hook-free shell. Its tab icon differs
// from OHIF's segmentation tab (tab-segmentation) so the two right-hand tabs can be told apart.
import { createPanelComponent } from './panel/panel-shell';
import type { SeglensRuntime } from './runtime';

export function getPanelModule(runtime: () => SeglensRuntime) {
  const component = createPanelComponent(() => {
    const r = runtime();
    return { store: r.store, actions: r.controller, onMount: r.attach };
  });
  return [
    { name: 'seglens', iconName: 'tab-roi-threshold', iconLabel: 'seglens', label: 'seglens', component },
  ];
}

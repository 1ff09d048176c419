// Commands, so that hotkeys, toolbar buttons and scripts can drive seglens like any OHIF feature.
import type { SeglensRuntime } from './runtime';

export function getCommandsModule(runtime: () => SeglensRuntime) {
  const definitions = {
    seglensSegment: { commandFn: () => runtime().controller.segment() },
    seglensCancel: { commandFn: () => runtime().controller.cancel() },
    seglensDrawLabels: { commandFn: () => runtime().controller.startLabelling() },
    seglensFineTune: { commandFn: () => runtime().controller.fineTune() },
    /** The panel state, read-only (used by the end-to-end tests and handy in the console). */
    seglensState: { commandFn: () => runtime().store.get() },
  };
  return { definitions, defaultContext: 'SEGLENS' };
}

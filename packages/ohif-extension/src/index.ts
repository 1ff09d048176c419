// The seglens OHIF extension: wires the module getters, nothing else (OHIF extension style).
import { EXTENSION_ID } from './id';
import { MODULE_URL } from './module-url';
import { getPanelModule } from './getPanelModule';
import { getCommandsModule } from './getCommandsModule';
import { createRuntime, type SeglensRuntime } from './runtime';
import type { ExtensionParams } from './ohif/types';

let runtime: SeglensRuntime | null = null;
const current = (): SeglensRuntime => {
  if (!runtime)
    throw new Error('seglens: the extension was not registered by OHIF (preRegistration did not run)');
  return runtime;
};

const extension = {
  id: EXTENSION_ID,
  preRegistration(params: ExtensionParams): void {
    runtime = createRuntime(params, MODULE_URL);
  },
  getPanelModule: () => getPanelModule(current),
  getCommandsModule: () => getCommandsModule(current),
};

export default extension;

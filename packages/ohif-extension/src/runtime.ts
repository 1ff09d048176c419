// One runtime per page: the store, the controller and the worker survive panel unmounts and mode changes.
import { hostContext } from './controller/context';
import { SeglensController } from './controller/controller';
import { PanelStore } from './panel/store';
import { installDebugHook } from './debug-hook';
import type { ExtensionParams } from './ohif/types';

export interface SeglensRuntime {
  store: PanelStore;
  controller: SeglensController;
  /** Starts following the viewer (idempotent). */
  attach(): void;
}

/** Where the extension's own files are: next to the extension bundle (see apps/viewer). */
export function assetUrls(base: string) {
  return {
    worker: new URL('./seglens-worker.mjs', base),
    modelIndex: new URL('./models/index.json', base),
    wasm: new URL('./tfjs/', base),
  };
}

export function createRuntime(params: ExtensionParams, base: string): SeglensRuntime {
  const store = new PanelStore();
  const host = hostContext(params);
  const controller = new SeglensController(host, store, assetUrls(base));
  installDebugHook(host, store);
  let detach: (() => void) | null = null;
  return {
    store,
    controller,
    attach: () => {
      if (!detach) detach = controller.attach();
    },
  };
}

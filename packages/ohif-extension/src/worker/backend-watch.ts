// Hooks that tell the worker its GPU is gone. A lost WebGL context does not make TF.js throw: WebGL calls on a
// lost context do nothing and reads return zeros, so results would be silently wrong. WebGPU resolves
// `device.lost`. Both are watched here; backends without such hooks (wasm, cpu) are checked by a probe
// after an error instead (backend-guard.ts).
import type { BackendName } from '../panel/state';

/** The parts of TF.js's WebGL backend this needs: its context (whose canvas fires 'webglcontextlost'). */
interface WebGLBackendLike {
  gpgpu?: { gl?: { canvas?: EventTarget | null; isContextLost?: () => boolean } };
}

/** The parts of TF.js's WebGPU backend this needs. */
interface WebGPUBackendLike {
  device?: { lost?: Promise<{ reason?: string; message?: string }> };
}

export interface BackendWatch {
  /** Why the backend is lost, or null while it is fine. */
  lostReason(): string | null;
  /** Stops reporting (the backend is being replaced or disposed on purpose). */
  detach(): void;
}

/**
 * Watches `backend` (the TF.js backend instance, `tf.backend()`) for loss and calls `onLost` once with the
 * reason. For wasm and cpu there is nothing to watch; their `lostReason()` stays null.
 */
export function watchBackend(
  name: BackendName,
  backend: unknown,
  onLost: (reason: string) => void,
): BackendWatch {
  let reason: string | null = null;
  let detached = false;
  const lose = (why: string): void => {
    if (detached || reason !== null) return;
    reason = why;
    onLost(why);
  };
  let cleanup = (): void => undefined;
  if (name === 'webgl') {
    const gl = (backend as WebGLBackendLike | null)?.gpgpu?.gl;
    const listener = (): void => lose('the WebGL context was lost');
    gl?.canvas?.addEventListener?.('webglcontextlost', listener);
    cleanup = () => gl?.canvas?.removeEventListener?.('webglcontextlost', listener);
    return {
      lostReason: () => {
        if (reason === null && gl?.isContextLost?.()) lose('the WebGL context was lost');
        return reason;
      },
      detach: () => {
        detached = true;
        cleanup();
      },
    };
  }
  if (name === 'webgpu') {
    const lost = (backend as WebGPUBackendLike | null)?.device?.lost;
    void lost?.then((info) =>
      lose(
        `the WebGPU device was lost${info?.reason ? ` (${info.reason})` : ''}${info?.message ? `: ${info.message}` : ''}`,
      ),
    );
  }
  return {
    lostReason: () => reason,
    detach: () => {
      detached = true;
      cleanup();
    },
  };
}

// Choosing the TF.js backend.
export { selectBackend, defaultBackendOrder, BACKEND_NAMES } from './select-backend';
export type { BackendName, BackendSelection, SelectBackendOptions, SkippedBackend } from './select-backend';
export { isNode } from './environment';

// Choosing the TF.js backend.
export { selectBackend, defaultBackendOrder, setDefaultThreads, BACKEND_NAMES } from './select-backend';
export { defaultThreadCount } from './environment';
export type { BackendName, BackendSelection, SelectBackendOptions, SkippedBackend } from './select-backend';
export { isNode } from './environment';

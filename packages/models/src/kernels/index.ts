// Fast convolution-gradient kernels for TF.js's wasm and cpu backends.
export { registerFastKernels, restoreNativeKernels, fastKernelRegistrations } from './register';
export type { FastKernelBackend, FastKernelName, FastKernelRegistration } from './register';
export { registerFastGradients, restoreNativeGradients, type FastGradientName } from './fast-gradients';

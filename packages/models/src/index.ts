// The public surface of @seglens/models.
export * from './backend';
export * from './kernels';
export * from './unet';

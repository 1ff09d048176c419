// The public surface of @seglens/models.
export * from './backend';
export * from './kernels';
export * from './unet';
export * from './card';
export * from './io';
export * from './infer';
export * from './train';
export * from './finetune';

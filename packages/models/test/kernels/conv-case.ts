// One convolution of the kernel tests: input shape, filter shape, strides and padding as TF.js's ops take them.
export type ConvPad =
  'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: number | [number, number];
  pad: ConvPad;
}

// Type declarations for the parts of untyped dependencies this folder uses (the packages ship no .d.ts).

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (moduleArg?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (moduleArg?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (moduleArg?: object) => Promise<unknown>;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decompress(buffer: ArrayBuffer, offset?: number, length?: number): ArrayBuffer;
    numComp: number;
    xDim: number;
    yDim: number;
  }
}

declare module 'dcmjs' {
  /** A data set with keyword keys ("naturalized" by dcmjs): sequences are arrays of such data sets. */
  type NaturalizedDataset = Record<string, unknown>;
  /** A data set keyed by tag ("x00100010"-less "00100010") with { vr, Value } entries. */
  type DenaturalizedDataset = Record<string, { vr: string; Value: unknown[] }>;
  interface DicomDictInstance {
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    /** A loglevel logger. */
    log: {
      getLogger(name: string): {
        getLevel(): number;
        setLevel(level: number | string, persist?: boolean): void;
      };
    };
    data: {
      DicomMessage: {
        readFile(
          buffer: ArrayBuffer,
          options?: { ignoreErrors?: boolean; untilTag?: string },
        ): DicomDictInstance;
      };
      DicomDict: new (meta: DenaturalizedDataset) => DicomDictInstance;
      DicomMetaDictionary: {
        naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
        denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
      };
    };
  };
  export default dcmjs;
}

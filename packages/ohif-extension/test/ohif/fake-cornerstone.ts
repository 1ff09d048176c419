// A stand-in for the host's Cornerstone built from a real DICOM series read by @seglens/data: image plane
// metadata and pixel data as Cornerstone reports them, and an image cache for labelmap images.
import type { Volume } from '@seglens/data';
import type { CornerstoneImage, CornerstoneLibraries, ImagePlane } from '../../src/ohif/types';

export interface FakeCornerstone {
  libs: CornerstoneLibraries;
  cache: Map<string, CornerstoneImage>;
  imageIds: string[];
  modified: string[];
}

export function fakeCornerstone(volume: Volume, prefix = 'dicomweb:/series/'): FakeCornerstone {
  const [nx, ny, nz] = volume.dims;
  const d = volume.direction;
  const imageIds = Array.from({ length: nz }, (_, k) => `${prefix}${k}.dcm`);
  const cache = new Map<string, CornerstoneImage>();
  const planes = new Map<string, ImagePlane>();
  const modified: string[] = [];
  imageIds.forEach((id, k) => {
    const pos: [number, number, number] = [0, 1, 2].map(
      (a) => volume.origin[a] + k * volume.spacing[2] * d[6 + a],
    ) as [number, number, number];
    planes.set(id, {
      imagePositionPatient: pos,
      rowCosines: [d[0], d[1], d[2]],
      columnCosines: [d[3], d[4], d[5]],
      rowPixelSpacing: volume.spacing[1],
      columnPixelSpacing: volume.spacing[0],
      rows: ny,
      columns: nx,
      // As OHIF's metadata provider reports an image without PixelSpacing: 1 x 1, flagged as defaults.
      ...(volume.spacingUnknown ? { usingDefaultValues: true } : {}),
    });
    const n = nx * ny * volume.channels;
    const pixels = Float32Array.from(volume.voxels.subarray(k * n, (k + 1) * n));
    cache.set(id, {
      rows: ny,
      columns: nx,
      color: volume.channels === 3,
      isPreScaled: true,
      getPixelData: () => pixels,
    });
  });
  const libs: CornerstoneLibraries = {
    cornerstone: {
      imageLoader: {
        loadAndCacheImage: async (id) => {
          const image = cache.get(id);
          if (!image) throw new Error(`no image ${id}`);
          return image;
        },
      },
      cache: { getImage: (id) => cache.get(id) },
      metaData: {
        get: (type, id) =>
          type === 'imagePlaneModule'
            ? planes.get(id)
            : type === 'instance' && planes.has(id)
              ? volume.spacingUnknown
                ? {}
                : { PixelSpacing: [volume.spacing[1], volume.spacing[0]] }
              : undefined,
      },
      getEnabledElementByViewportId: () => undefined,
    },
    cornerstoneTools: {
      segmentation: {
        triggerSegmentationEvents: { triggerSegmentationDataModified: (id) => modified.push(id) },
      },
    },
  };
  return { libs, cache, imageIds, modified };
}

// `window.seglens` in the page: read-only views of what the panel shows and of the labelmaps OHIF holds.
// For the browser console and the end-to-end tests, which check the viewer's real state, not the panel's text.
import { readLabels } from './ohif/labelmap';
import type { PanelState } from './panel/state';
import type { HostContext } from './controller/context';
import type { PanelStore } from './panel/store';

export interface SeglensDebugHook {
  state(): PanelState;
  /**
   * Segmentations in OHIF's segmentation service: id, label, non-zero voxels on the active series, and the
   * colour the active viewport draws each segment in ([r, g, b, a] by segment index; null where not shown).
   */
  segmentations(): {
    segmentationId: string;
    label: string;
    voxels: number | null;
    colors: Record<number, number[] | null>;
  }[];
  /** How a segmentation's labelmap maps onto the active series (for diagnosing a reference that reads empty). */
  labelmap(segmentationId: string): Record<string, unknown>;
  /** The 0-based image index the active viewport shows, and how many images its series has. */
  viewedSlice(): { index: number; of: number } | null;
}

export function installDebugHook(host: HostContext, store: PanelStore): void {
  const hook: SeglensDebugHook = {
    state: () => store.get(),
    viewedSlice: () => {
      const viewport = host.libs().cornerstone.getEnabledElementByViewportId(host.viewportId())?.viewport;
      const index = viewport?.getCurrentImageIdIndex?.();
      const of = host.activeDisplaySet()?.imageIds?.length;
      return index === undefined || of === undefined ? null : { index, of };
    },
    segmentations: () => {
      const ds = host.activeDisplaySet();
      return host.services.segmentationService.getSegmentations().map((s) => {
        let voxels: number | null = null;
        try {
          if (ds)
            voxels = readLabels(host.target(), s.segmentationId, ds).labels.reduce(
              (n, v) => n + (v ? 1 : 0),
              0,
            );
        } catch {
          voxels = null; // labels another series
        }
        const colors: Record<number, number[] | null> = {};
        const { segmentationService } = host.services;
        for (const segment of Object.values(s.segments)) {
          if (!segment) continue;
          let color: number[] | null = null;
          try {
            color =
              segmentationService.getSegmentColor?.(
                host.viewportId(),
                s.segmentationId,
                segment.segmentIndex,
              ) ?? null;
          } catch {
            color = null; // not shown in this viewport
          }
          colors[segment.segmentIndex] = color ? [...color] : null;
        }
        return { segmentationId: s.segmentationId, label: s.label, voxels, colors };
      });
    },
    labelmap: (segmentationId) => {
      const ds = host.activeDisplaySet();
      const seg = host.services.segmentationService.getSegmentation(segmentationId);
      const lm = seg?.representationData.Labelmap as Record<string, unknown> | undefined;
      const ids = new Set(ds?.imageIds ?? []);
      const refs = (lm?.referencedImageIds as string[] | undefined) ?? [];
      return {
        keys: lm ? Object.keys(lm) : [],
        imageIds: (lm?.imageIds as string[] | undefined)?.length ?? 0,
        referencedImageIds: refs.length,
        matched: refs.filter((r) => ids.has(r)).length,
        firstRef: refs[0],
        firstSeries: ds?.imageIds?.[0],
        layers: lm?.labelmaps ? Object.keys(lm.labelmaps as object).length : 0,
        segments: seg ? Object.values(seg.segments).map((x) => x && [x.segmentIndex, x.label]) : [],
        // Per labelmap image: the series slice it labels (-1: none) and its non-zero pixel count.
        images: ((lm?.imageIds as string[] | undefined) ?? []).map((id) => {
          const image = host.libs().cornerstone.cache.getImage(id);
          const data = image?.getPixelData();
          let nonZero = 0;
          for (let i = 0; data && i < data.length; i++) if (data[i]) nonZero++;
          return [ds?.imageIds?.indexOf(image?.referencedImageId ?? '') ?? -1, nonZero, data?.length ?? null];
        }),
        layerInfo: lm?.labelmaps
          ? Object.entries(lm.labelmaps as Record<string, Record<string, unknown>>).map(([k, v]) => [
              k,
              Object.keys(v),
              (v.imageIds as string[] | undefined)?.length,
            ])
          : [],
      };
    },
  };
  (globalThis as { seglens?: SeglensDebugHook }).seglens = hook;
}

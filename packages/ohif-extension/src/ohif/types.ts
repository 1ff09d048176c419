/**
 * The narrow slice of OHIF's and Cornerstone3D's run-time API that seglens uses. The prebuilt OHIF app
 * (@ohif/app 3.13.2) ships no type declarations, and the extension must use the host's instances rather
 * than a second copy, so these interfaces describe what the host hands us (checked against 3.13.2 in the
 * end-to-end tests). Everything not listed here is deliberately not touched.
 */

export interface PubSub {
  EVENTS: Record<string, string>;
  subscribe(event: string, callback: (payload: unknown) => void): { unsubscribe(): void };
}

export interface OhifImageInstance {
  Modality?: string;
  SamplesPerPixel?: number;
  SOPInstanceUID?: string;
  SOPClassUID?: string;
}

export interface DisplaySet {
  displaySetInstanceUID: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  SeriesDescription?: string;
  Modality: string;
  FrameOfReferenceUID?: string;
  SOPClassUID?: string;
  imageIds?: string[];
  instances?: OhifImageInstance[];
  /** SEG display sets: the series they label, and whether OHIF loaded them. */
  referencedDisplaySetInstanceUID?: string;
  isLoaded?: boolean;
  load?(options: Record<string, unknown>): Promise<void>;
}

export interface DisplaySetService extends PubSub {
  getDisplaySetByUID(uid: string): DisplaySet | undefined;
  getActiveDisplaySets(): DisplaySet[];
}

export interface ViewportGridService extends PubSub {
  getActiveViewportId(): string;
  getState(): { viewports: Map<string, { displaySetInstanceUIDs: string[] }> };
}

export interface SegmentInit {
  label: string;
  color?: [number, number, number, number];
  active?: boolean;
}

export interface OhifSegmentation {
  segmentationId: string;
  label: string;
  segments: Record<string, { segmentIndex: number; label: string } | null | undefined>;
  representationData: {
    Labelmap?: {
      imageIds?: string[];
      referencedImageIds?: string[];
      volumeId?: string;
      referencedVolumeId?: string;
    };
  };
}

export interface SegmentationService extends PubSub {
  createLabelmapForDisplaySet(
    displaySet: DisplaySet,
    options: { label: string; segmentationId?: string; segments?: Record<number, SegmentInit> },
  ): Promise<string>;
  createSegmentationForSEGDisplaySet?(displaySet: DisplaySet): Promise<string>;
  addSegmentationRepresentation(
    viewportId: string,
    options: {
      segmentationId: string;
      type?: string;
      /** Cornerstone's representation config: `colorLUTOrIndex` a lookup table ([r, g, b, a] per segment index). */
      config?: { colorLUTOrIndex?: [number, number, number, number][] };
    },
  ): Promise<void> | void;
  getSegmentation(segmentationId: string): OhifSegmentation | undefined;
  getSegmentations(): OhifSegmentation[];
  getSegmentColor?(viewportId: string, segmentationId: string, segmentIndex: number): number[] | undefined;
  setSegmentVisibility(
    viewportId: string,
    segmentationId: string,
    segmentIndex: number,
    visible: boolean,
  ): void;
  setActiveSegmentation(viewportId: string, segmentationId: string): void;
  setActiveSegment(segmentationId: string, segmentIndex: number): void;
  remove(segmentationId: string): void;
}

export interface UINotificationService {
  show(options: {
    title: string;
    message: string;
    type?: 'info' | 'success' | 'warning' | 'error';
    duration?: number;
  }): void;
}

export interface OhifServices {
  displaySetService: DisplaySetService;
  viewportGridService: ViewportGridService;
  segmentationService: SegmentationService;
  uiNotificationService?: UINotificationService;
  toolGroupService?: { getToolGroupForViewport(viewportId: string): CornerstoneToolGroup | undefined };
}

export interface ServicesManager {
  services: OhifServices;
}

export interface CommandsManager {
  run(name: string, options?: Record<string, unknown>, context?: string): unknown;
  runAsync?(name: string, options?: Record<string, unknown>, context?: string): Promise<unknown>;
}

export interface ExtensionManager {
  getModuleEntry(id: string): { exports: Record<string, unknown> } | undefined;
  getActiveDataSource?(): DataSource[];
}

export interface DataSource {
  getConfig?(): Record<string, unknown> | undefined;
  store?: { dicom?: (dataset: unknown) => Promise<unknown> };
}

/** Cornerstone3D, as the host exposes it (getCornerstoneLibraries). */
export interface CornerstoneImage {
  /** For derived images (labelmaps): the source image they label. */
  referencedImageId?: string;
  rows: number;
  columns: number;
  color: boolean;
  numberOfComponents?: number;
  slope?: number;
  intercept?: number;
  isPreScaled?: boolean;
  preScale?: { scaled?: boolean };
  getPixelData(): ArrayLike<number> & { length: number; constructor: { name: string } };
  voxelManager?: { getScalarData(): ArrayLike<number>; setScalarData?(data: ArrayLike<number>): void };
}

export interface ImagePlane {
  imagePositionPatient: [number, number, number];
  rowCosines: [number, number, number];
  columnCosines: [number, number, number];
  rowPixelSpacing: number | null;
  columnPixelSpacing: number | null;
  rows: number;
  columns: number;
  /** OHIF: some of the values above are defaults (1 × 1 spacing for an image without PixelSpacing). */
  usingDefaultValues?: boolean;
}

export interface CornerstoneToolGroup {
  id: string;
  setToolActive(toolName: string, options?: Record<string, unknown>): void;
  getActivePrimaryMouseButtonTool?(): string | undefined;
  hasTool?(toolName: string): boolean;
}

export interface CornerstoneLibraries {
  cornerstone: {
    imageLoader: { loadAndCacheImage(imageId: string): Promise<CornerstoneImage> };
    cache: { getImage(imageId: string): CornerstoneImage | undefined };
    metaData: { get(type: string, imageId: string): unknown };
    getEnabledElementByViewportId(viewportId: string):
      | {
          viewport: {
            getCurrentImageIdIndex?(): number;
            getCurrentImageId?(): string;
            setImageIdIndex?(index: number): Promise<unknown>;
            render(): void;
            /** The viewport's DOM element (the legend is drawn over it). */
            element?: HTMLElement;
          };
        }
      | undefined;
  };
  cornerstoneTools: {
    segmentation: {
      triggerSegmentationEvents: { triggerSegmentationDataModified(segmentationId: string): void };
      config?: {
        style?: {
          setStyle(specifier: Record<string, unknown>, style: Record<string, unknown>): void;
          /** The style in effect: defaults, then global, segmentation and viewport styles merged. */
          getStyle?(specifier: Record<string, unknown>): Record<string, unknown>;
        };
      };
    };
  };
}

/** The objects OHIF hands an extension's module getters. */
export interface ExtensionParams {
  servicesManager: ServicesManager;
  commandsManager: CommandsManager;
  extensionManager: ExtensionManager;
}

// A controller under test: the host around the fake Cornerstone (a real DICOM series of the demo study), a
// segmentation service that keeps labelmaps as OHIF does, recorded commands and notifications, and a worker
// stand-in that answers from label volumes the test chooses (so every number the panel shows is computed by
// the controller and the analysis code, not by the stand-in).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDicomFolder, resolveDataDir, type Volume } from '@seglens/data';
import type { ModelCard } from '@seglens/models';
import { compareWithReference } from '../../src/analysis/compare';
import { SeglensController } from '../../src/controller/controller';
import type { HostContext } from '../../src/controller/context';
import type { WorkerApi } from '../../src/controller/core';
import type { LabelmapTarget } from '../../src/ohif/labelmap';
import type { DataSource, DisplaySet, OhifSegmentation, OhifServices, PubSub } from '../../src/ohif/types';
import { PanelStore } from '../../src/panel/store';
import { fakeCornerstone, type FakeCornerstone } from '../ohif/fake-cornerstone';

export const PRETRAINED = join(__dirname, '../../../models/pretrained');
export const modelUrl = (name: string): string => `http://127.0.0.1:3000/_seglens/models/${name}/`;

/** Cards of models the stand-in worker imported ("Load model…"), by name; shipped cards are read from disk. */
export const importedCards = new Map<string, ModelCard>();

export function readCard(name: string): ModelCard {
  return (
    importedCards.get(name) ??
    (JSON.parse(readFileSync(join(PRETRAINED, name, 'seglens.json'), 'utf8')) as ModelCard)
  );
}

let series: Volume | null = null;
/** The demo study's hippocampus crop, read once. */
export async function demoSeries(): Promise<Volume> {
  series ??= await readDicomFolder(
    join(resolveDataDir(), 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume'),
  );
  return series;
}

/** A label volume on the series' grid: class 1 in x 5..14, y 10..14 and class 2 in y 15..19, on slices k0..k1-1. */
export function blocks(dims: readonly number[], k0 = 5, k1 = 10, shiftX = 0): Uint8Array {
  const [nx, ny, nz] = dims;
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = k0; k < k1; k++)
    for (let j = 10; j < 20; j++)
      for (let i = 5 + shiftX; i < 15 + shiftX; i++) labels[(k * ny + j) * nx + i] = j < 15 ? 1 : 2;
  return labels;
}

class Events implements PubSub {
  readonly listeners = new Map<string, ((payload: unknown) => void)[]>();
  constructor(readonly EVENTS: Record<string, string>) {}
  subscribe(event: string, callback: (payload: unknown) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), callback]);
    return {
      unsubscribe: () =>
        this.listeners.set(
          event,
          (this.listeners.get(event) ?? []).filter((c) => c !== callback),
        ),
    };
  }
  fire(event: string): void {
    for (const c of this.listeners.get(event) ?? []) c(undefined);
  }
}

export interface WorkerCalls {
  started: number;
  init: unknown[];
  loadModel: string[];
  /** The sources of preload requests, in order, with the series each named and the worker (1 = the first started). */
  preload: string[];
  preloadSeries: unknown[];
  preloadWorker: number[];
  segment: string[];
  /** The worker each segment request went to. */
  segmentWorker: number[];
  /**
   * loadModel, preload and segment requests in the order the worker got them ('load <name>', 'preload <name>',
   * 'segment <name>').
   */
  order: string[];
  /** For each segment request, how many overlays the panel showed when it was sent. */
  overlaysAtSegment: number[];
  lossLens: { modelKey: string; slice: number | undefined; referenceVoxels: number }[];
  /** compare requests: the models compared, and the reference's labelled voxels. */
  compare: { models: string[]; referenceVoxels: number }[];
  writeSeg: number;
}

export interface Harness {
  controller: SeglensController;
  store: PanelStore;
  host: HostContext;
  fake: FakeCornerstone;
  ds: DisplaySet;
  volume: Volume;
  segmentations: Map<string, OhifSegmentation>;
  visibility: [string, number, boolean][];
  styles: [Record<string, unknown>, Record<string, unknown>][];
  commands: [string, Record<string, unknown> | undefined][];
  notes: [string, string, string][];
  worker: WorkerCalls;
  segmentation: Events;
  /** Labels the worker returns per model name (default: all background). */
  predictions: Map<string, Uint8Array>;
  /** By model name: the worker's reason why the loss lens is off for its segmentation (default: it is on). */
  lensOff: Map<string, string>;
  dataSources: DataSource[];
  /** Adds a segmentation that labels the series, as OHIF does when it loads a DICOM SEG. */
  addReference(label: string, labels: Uint8Array, segmentNames: string[]): string;
  /**
   * Adds a DICOM SEG of the series to the study, not loaded yet, as OHIF lists one; its load waits until the returned
   * function is called, then OHIF's segmentation service makes it a segmentation (addReference's).
   */
  addSegDisplaySet(description: string, labels: Uint8Array, segmentNames: string[]): () => void;
  /** By model name: the error its preloads fail with (default: they succeed). */
  preloadErrors: Map<string, Error>;
  /** By model name: the error its loadModel fails with (default: it loads). */
  loadErrors: Map<string, Error>;
  /** Holds every preload answer until the returned function is called (a preload still running). */
  holdPreloads(): () => void;
  /** Holds the segment answer for the model until the returned function is called (a model still running). */
  holdSegment(name: string): () => void;
  /** By model name: the in-model ms its segment reports (default 40). */
  inferenceMs: Map<string, number>;
  /** By model name: the error its segment fails with (default: it succeeds). */
  segmentErrors: Map<string, Error>;
  /** Resolves when the running task (if any) has finished. */
  idle(): Promise<void>;
}

export interface HarnessOptions {
  /** The controller's preloading (default on, as in the viewer). */
  preload?: boolean;
  /** The series without PixelSpacing (as a Secondary Capture stack is written): its volume is spacingUnknown. */
  spacingUnknown?: boolean;
}

/** The model's name from the worker key the stand-in gives it. */
const nameOf = (key: string): string => key.replace(/\/$/, '').split('/').pop()!;

export async function harness(viewedSlice = 7, options: HarnessOptions = {}): Promise<Harness> {
  const series = await demoSeries();
  const volume: Volume = options.spacingUnknown
    ? { ...series, spacing: [1, 1, 1], spacingUnknown: true }
    : series;
  const fake = fakeCornerstone(volume);
  const ds: DisplaySet = {
    displaySetInstanceUID: 'ds-hippocampus',
    StudyInstanceUID: 'study',
    SeriesInstanceUID: 'series',
    SeriesDescription: 'Hippocampus crop',
    Modality: 'MR',
    imageIds: fake.imageIds,
    instances: [{ Modality: 'MR', SamplesPerPixel: 1, SOPClassUID: '1.2.840.10008.5.1.4.1.1.4' }],
  };
  const segmentations = new Map<string, OhifSegmentation>();
  /** DICOM SEGs of the series in the study (addSegDisplaySet), and what each makes when OHIF loads it. */
  const segDisplaySets: DisplaySet[] = [];
  const segContents = new Map<string, { labels: Uint8Array; names: string[] }>();
  const visibility: Harness['visibility'] = [];
  const styles: Harness['styles'] = [];
  let created = 0;
  const makeLabelmap = (label: string, names: Record<string, { segmentIndex: number; label: string }>) => {
    const id = `seg-${++created}`;
    const imageIds = fake.imageIds.map((src, k) => {
      const lid = `${id}:${k}`;
      const source = fake.cache.get(src)!;
      const data = new Uint8Array(source.rows * source.columns);
      fake.cache.set(lid, {
        rows: source.rows,
        columns: source.columns,
        color: false,
        referencedImageId: src,
        getPixelData: () => data,
      });
      return lid;
    });
    segmentations.set(id, {
      segmentationId: id,
      label,
      segments: names,
      representationData: { Labelmap: { imageIds, referencedImageIds: fake.imageIds } },
    });
    return id;
  };
  const segmentation = new Events({
    SEGMENTATION_DATA_MODIFIED: 'data-modified',
    SEGMENTATION_ADDED: 'added',
  });
  const grid = new Events({ ACTIVE_VIEWPORT_ID_CHANGED: 'active' });
  const displaySets = new Events({ DISPLAY_SETS_ADDED: 'ds-added' });
  const services = {
    segmentationService: Object.assign(segmentation, {
      createSegmentationForSEGDisplaySet: async (seg: DisplaySet) => {
        const { labels, names } = segContents.get(seg.displaySetInstanceUID)!;
        return addReference(seg.SeriesDescription ?? 'SEG', labels, names);
      },
      createLabelmapForDisplaySet: async (
        _ds: DisplaySet,
        o: { label: string; segments?: Record<number, { label: string }> },
      ) =>
        makeLabelmap(
          o.label,
          Object.fromEntries(
            Object.entries(o.segments ?? {}).map(([i, s]) => [
              i,
              { segmentIndex: Number(i), label: s.label },
            ]),
          ),
        ),
      addSegmentationRepresentation: () => undefined,
      getSegmentation: (id: string) => segmentations.get(id),
      getSegmentations: () => [...segmentations.values()],
      setSegmentColor: () => undefined,
      setSegmentVisibility: (_v: string, id: string, index: number, visible: boolean) =>
        visibility.push([id, index, visible]),
      setActiveSegmentation: () => undefined,
      setActiveSegment: () => undefined,
      remove: (id: string) => segmentations.delete(id),
    }),
    viewportGridService: Object.assign(grid, {
      getActiveViewportId: () => 'default',
      getState: () => ({
        viewports: new Map([['default', { displaySetInstanceUIDs: [ds.displaySetInstanceUID] }]]),
      }),
    }),
    displaySetService: Object.assign(displaySets, {
      getDisplaySetByUID: (uid: string) => (uid === ds.displaySetInstanceUID ? ds : undefined),
      getActiveDisplaySets: () => [ds, ...segDisplaySets],
    }),
  } as unknown as OhifServices;
  const viewport = {
    getCurrentImageIdIndex: () => viewedSlice,
    render: () => undefined,
  };
  fake.libs.cornerstone.getEnabledElementByViewportId = () => ({ viewport });
  fake.libs.cornerstoneTools.segmentation.config = {
    style: { setStyle: (specifier, style) => styles.push([specifier, style]) },
  };
  const commands: Harness['commands'] = [];
  const notes: Harness['notes'] = [];
  const dataSources: DataSource[] = [];
  const target = (): LabelmapTarget => ({ services, libs: fake.libs, viewportId: 'default' });
  const host: HostContext = {
    services,
    commands: { run: (name, options) => commands.push([name, options]) },
    extensions: { getModuleEntry: () => undefined, getActiveDataSource: () => dataSources },
    libs: () => fake.libs,
    viewportId: () => 'default',
    activeDisplaySet: () => ds,
    target,
    notify: (kind, title, message) => notes.push([kind, title, message]),
  };
  const predictions = new Map<string, Uint8Array>();
  const lensOff = new Map<string, string>();
  const preloadErrors = new Map<string, Error>();
  const loadErrors = new Map<string, Error>();
  let preloadGate: Promise<void> | null = null;
  const segmentGates = new Map<string, Promise<void>>();
  const holdSegment = (name: string) => {
    let release = (): void => undefined;
    segmentGates.set(name, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      segmentGates.delete(name);
      release();
    };
  };
  const inferenceMs = new Map<string, number>();
  const segmentErrors = new Map<string, Error>();
  const holdPreloads = () => {
    let release = (): void => undefined;
    preloadGate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      preloadGate = null;
      release();
    };
  };
  // The worker's key for a source: the stand-in's own prefix, once (a preload may name a key it gave).
  const workerKey = (source: string) => (source.startsWith('worker:') ? source : `worker:${source}`);
  const calls: WorkerCalls = {
    started: 0,
    init: [],
    loadModel: [],
    preload: [],
    preloadSeries: [],
    preloadWorker: [],
    segment: [],
    segmentWorker: [],
    order: [],
    overlaysAtSegment: [],
    lossLens: [],
    compare: [],
    writeSeg: 0,
  };
  const startWorker = (): WorkerApi => {
    const n = ++calls.started;
    const api: Partial<WorkerApi> = {
      init: async (o) => {
        calls.init.push(o);
        return { name: 'wasm', skipped: [], threads: 1, initMs: 3 };
      },
      loadModel: async (source) => {
        calls.loadModel.push(source);
        calls.order.push(`load ${nameOf(source)}`);
        const error = loadErrors.get(nameOf(source));
        if (error) throw error;
        return { modelKey: workerKey(source), card: readCard(nameOf(source)), ms: 1 };
      },
      importModelFiles: async (files) => {
        // As the worker: the card from the files' seglens.json, saved under indexeddb://<name>.
        const cardFile = files.find((f) => f.name === 'seglens.json');
        if (!cardFile) throw new Error('importModelFiles: seglens.json is missing');
        const card = JSON.parse(new TextDecoder().decode(cardFile.data)) as ModelCard;
        importedCards.set(card.name, card);
        calls.order.push(`import ${card.name}`);
        return { modelKey: `indexeddb://${card.name}`, card, ms: 1 };
      },
      preload: async (source, o) => {
        calls.preload.push(source);
        calls.preloadSeries.push(o?.series);
        calls.preloadWorker.push(n);
        calls.order.push(`preload ${nameOf(source)}`);
        await preloadGate;
        const error = preloadErrors.get(nameOf(source));
        if (error) throw error;
        // As the worker picks them for a small series: all of its slices (8 without a series).
        const warmupSlices = o?.series?.dims[2] ?? 8;
        return {
          modelKey: workerKey(source),
          card: readCard(nameOf(source)),
          ms: 30,
          loadMs: 10,
          warmupMs: 20,
          warmupPasses: 2,
          warmupSlices,
          backend: 'wasm',
        };
      },
      segment: async (modelKey, v, o) => {
        // As the real client: a call whose signal is aborted rejects with an Error named AbortError.
        if (o?.signal?.aborted)
          throw Object.assign(new Error('Cancelled by the user'), { name: 'AbortError' });
        calls.segment.push(modelKey);
        calls.segmentWorker.push(n);
        calls.order.push(`segment ${nameOf(modelKey)}`);
        calls.overlaysAtSegment.push(store.get().predictions.length);
        // As the real worker after its first batch: half of the model's slices (the series' z here) done.
        const slices = v.dims[2];
        const done = Math.floor(slices / 2);
        o?.onProgress?.(done / slices, { fraction: done / slices, slicesDone: done, slices });
        await segmentGates.get(nameOf(modelKey));
        if (o?.signal?.aborted)
          throw Object.assign(new Error('Cancelled by the user'), { name: 'AbortError' });
        const error = segmentErrors.get(nameOf(modelKey));
        if (error) throw error;
        const labels = predictions.get(nameOf(modelKey)) ?? new Uint8Array(v.voxels.length);
        const counts = [0, 0, 0];
        for (const l of labels) counts[l]++;
        return {
          labels: labels.slice(),
          proportions: counts.map((c) => c / labels.length),
          inferenceMs: inferenceMs.get(nameOf(modelKey)) ?? 40,
          backend: 'wasm',
          lensOff: lensOff.get(nameOf(modelKey)) ?? null,
        };
      },
      lossLens: async (modelKey, reference, o) => {
        calls.lossLens.push({
          modelKey,
          slice: o?.slice,
          referenceVoxels: reference.reduce((n, v) => n + (v ? 1 : 0), 0),
        });
        return [{ model: '', loss: 'dice', label: 'Dice', value: 0.25 }];
      },
      // The real comparison, as the worker runs it (analysis/compare.ts), on a copy as structured clone makes.
      compare: async (input, o) => {
        if (o?.signal?.aborted)
          throw Object.assign(new Error('Cancelled by the user'), { name: 'AbortError' });
        calls.compare.push({
          models: input.predictions.map((p) => p.name),
          referenceVoxels: input.reference?.reduce((n, v) => n + (v && v !== 255 ? 1 : 0), 0) ?? 0,
        });
        return compareWithReference(structuredClone(input));
      },
      writeSeg: async () => {
        calls.writeSeg++;
        return new Uint8Array([68, 73, 67, 77]).buffer;
      },
      terminate: () => undefined,
    };
    return api as WorkerApi;
  };
  const store = new PanelStore();
  const controller = new SeglensController(
    host,
    store,
    {
      worker: new URL('http://127.0.0.1:3000/_seglens/seglens-worker.mjs'),
      modelIndex: new URL('http://127.0.0.1:3000/_seglens/models/index.json'),
      wasm: new URL('http://127.0.0.1:3000/_seglens/tfjs/'),
    },
    { startWorker, preload: options.preload ?? true },
  );
  const idle = async () => {
    for (let i = 0; i < 200 && store.get().busy; i++) await new Promise((r) => setTimeout(r, 5));
  };
  const addSegDisplaySet = (description: string, labels: Uint8Array, segmentNames: string[]) => {
    let release = (): void => undefined;
    const loaded = new Promise<void>((r) => (release = r));
    const uid = `seg-${segDisplaySets.length + 1}`;
    const seg = {
      displaySetInstanceUID: uid,
      Modality: 'SEG',
      SeriesDescription: description,
      referencedDisplaySetInstanceUID: ds.displaySetInstanceUID,
      isLoaded: false,
      load: async () => {
        await loaded;
        seg.isLoaded = true;
      },
    };
    segContents.set(uid, { labels, names: segmentNames });
    segDisplaySets.push(seg as unknown as DisplaySet);
    return release;
  };
  const addReference = (label: string, labels: Uint8Array, segmentNames: string[]) => {
    const id = makeLabelmap(
      label,
      Object.fromEntries(segmentNames.map((n, i) => [String(i + 1), { segmentIndex: i + 1, label: n }])),
    );
    const size = volume.dims[0] * volume.dims[1];
    segmentations.get(id)!.representationData.Labelmap!.imageIds!.forEach((lid, k) => {
      (fake.cache.get(lid)!.getPixelData() as Uint8Array).set(labels.subarray(k * size, (k + 1) * size));
    });
    return id;
  };
  return {
    controller,
    store,
    host,
    fake,
    ds,
    volume,
    segmentations,
    visibility,
    styles,
    commands,
    notes,
    worker: calls,
    segmentation,
    predictions,
    lensOff,
    dataSources,
    addReference,
    addSegDisplaySet,
    preloadErrors,
    loadErrors,
    holdPreloads,
    holdSegment,
    inferenceMs,
    segmentErrors,
    idle,
  };
}

export const SHIPPED = ['hippocampus-ce', 'hippocampus-dice', 'hippocampus-rce', 'polyp-dice', 'polyp-rce'];

/** The viewer's model index of the shipped models, with their real cards. */
export function modelIndex(): unknown {
  return {
    format: 'seglens-model-index',
    formatVersion: 1,
    models: SHIPPED.map((name) => ({ name, path: `${name}/`, card: readCard(name) })),
  };
}

/**
 * attach() as the panel does on first show, with the model index served: resolves once the catalogue is in
 * the store and the worker has started. Returns the detach function.
 */
export async function attached(h: Harness): Promise<() => void> {
  const fetchBefore = globalThis.fetch;
  globalThis.fetch = (async () =>
    new Response(JSON.stringify(modelIndex()), { status: 200 })) as typeof fetch;
  try {
    const detach = h.controller.attach();
    for (let i = 0; i < 400 && (h.store.get().models.length === 0 || !h.store.get().backend); i++)
      await new Promise((r) => setTimeout(r, 5));
    return detach;
  } finally {
    globalThis.fetch = fetchBefore;
  }
}

/** Attached, with both hippocampus models run once (predictions, disagreement, the volume read). */
export async function segmented(options: HarnessOptions = {}): Promise<Harness> {
  const h = await harness(7, options);
  await attached(h);
  h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
  h.predictions.set('hippocampus-dice', blocks(h.volume.dims, 5, 10, 2));
  h.controller.segment();
  await h.idle();
  return h;
}

/**
 * Lets the stand-in worker's answers, the controller's microtasks and its timers run until `ok` holds (about 2 s at
 * most), then asserts that it does.
 */
export async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
}

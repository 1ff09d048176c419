// The "seglens" OHIF mode: OHIF's segmentation layout (series list, stack viewports, DICOM SEG display,
// labelmap tools) with the seglens panel first on the right. Route: /seglens?StudyInstanceUIDs=…
import { EXTENSION_DEPENDENCIES, OHIF, SEGLENS_PANEL } from './ids';
import { initToolGroups } from './tool-groups';
import type { ModeContext } from './types';

export const MODE_ID = 'seglens';

/** Modalities that are never images to segment; a study with only these is not offered the mode. */
const NOT_IMAGES = ['SEG', 'RTSTRUCT', 'RTPLAN', 'PR', 'SR', 'DOC', 'ECG', 'KO'];

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const layout = {
  id: OHIF.layout,
  props: {
    leftPanels: [OHIF.seriesList],
    leftPanelResizable: true,
    rightPanels: [SEGLENS_PANEL, OHIF.labelMapPanel],
    rightPanelResizable: true,
    viewports: [
      { namespace: OHIF.cornerstoneViewport, displaySetsToDisplay: [OHIF.stackSopClassHandler] },
      { namespace: OHIF.segViewport, displaySetsToDisplay: [OHIF.segSopClassHandler] },
    ],
  },
};

const modeInstance = {
  id: MODE_ID,
  routeName: 'seglens',
  displayName: 'seglens: RCE vs Dice',
  // OHIF's own toolbar packs, expanded by its customization service when the mode route starts.
  toolbarButtons: [
    { $reference: 'cornerstone.toolbarButtons' },
    { $reference: 'cornerstone.segmentationToolbarButtons' },
  ],
  toolbarSections: [
    { $reference: 'cornerstone.segmentationModeToolbarSections' },
    { $reference: 'cornerstone.segmentationToolbarSections' },
  ],
  onModeEnter(this: { _unsubscriptions?: (() => void)[] }, context: ModeContext): void {
    const { toolbarService, customizationService } = context.servicesManager.services;
    initToolGroups(context);
    toolbarService.register(asArray(customizationService.getCustomization('toolbarButtons')));
    const sections = Object.assign(
      {},
      ...asArray(customizationService.getCustomization('toolbarSections')),
    ) as Record<string, unknown>;
    for (const [key, buttons] of Object.entries(sections)) toolbarService.updateSection(key, buttons);
  },
  onModeExit(context: ModeContext): void {
    const s = context.servicesManager.services;
    s.uiDialogService?.hideAll?.();
    s.toolGroupService.destroy();
    s.syncGroupService?.destroy();
    s.segmentationService.destroy();
    s.cornerstoneViewportService.destroy();
  },
  validationTags: { study: [], series: [] },
  isValidMode({ modalities }: { modalities: string }) {
    const list = modalities.split('\\');
    const valid = list.some((m) => !NOT_IMAGES.includes(m));
    return {
      valid,
      description: valid ? 'Has images to segment' : `Only ${list.join(', ')}: nothing to segment`,
    };
  },
  routes: [{ path: 'seglens', layoutTemplate: () => structuredClone(layout) }],
  extensions: EXTENSION_DEPENDENCIES,
  hangingProtocol: 'default',
  sopClassHandlers: [OHIF.segSopClassHandler, OHIF.stackSopClassHandler],
};

const mode = {
  id: MODE_ID,
  modeFactory(): typeof modeInstance {
    return modeInstance;
  },
  modeInstance,
  extensionDependencies: EXTENSION_DEPENDENCIES,
};

export default mode;

// The OHIF module ids the mode composes. The seglens extension's id is the URL path of its bundle, which the
// viewer serves next to this mode's bundle (see apps/viewer), so both are derived from this file's URL.
import { MODULE_URL } from './module-url';

export const SEGLENS_EXTENSION: string = new URL('./seglens-extension.mjs', MODULE_URL).pathname;
export const SEGLENS_PANEL = `${SEGLENS_EXTENSION}.panelModule.seglens`;

export const OHIF = {
  layout: '@ohif/extension-default.layoutTemplateModule.viewerLayout',
  seriesList: '@ohif/extension-default.panelModule.seriesList',
  stackSopClassHandler: '@ohif/extension-default.sopClassHandlerModule.stack',
  cornerstoneViewport: '@ohif/extension-cornerstone.viewportModule.cornerstone',
  labelMapPanel: '@ohif/extension-cornerstone.panelModule.panelSegmentationWithToolsLabelMap',
  segSopClassHandler: '@ohif/extension-cornerstone-dicom-seg.sopClassHandlerModule.dicom-seg',
  segViewport: '@ohif/extension-cornerstone-dicom-seg.viewportModule.dicom-seg',
  tools: '@ohif/extension-cornerstone.utilityModule.tools',
} as const;

/** Extensions the mode needs, keyed as OHIF loads them (package names for built-ins, the URL for ours). */
export const EXTENSION_DEPENDENCIES: Record<string, string> = {
  '@ohif/extension-default': '^3.0.0',
  '@ohif/extension-cornerstone': '^3.0.0',
  '@ohif/extension-cornerstone-dicom-seg': '^3.0.0',
  [SEGLENS_EXTENSION]: '^0.1.0',
};

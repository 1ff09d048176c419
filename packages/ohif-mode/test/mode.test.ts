// The mode's structure as OHIF 3.13 reads it, and what onModeEnter does with fake services that record calls.
import mode, { MODE_ID } from '../src/index';
import { SEGLENS_EXTENSION, SEGLENS_PANEL } from '../src/ids';
import type { ModeContext } from '../src/types';

const TOOL_NAMES = {
  WindowLevel: 'WindowLevel',
  Pan: 'Pan',
  Zoom: 'Zoom',
  StackScroll: 'StackScroll',
  CircleScissors: 'CircleScissor',
  RectangleScissors: 'RectangleScissor',
  ReferenceLines: 'ReferenceLines',
};

function fakeContext(customizations: Record<string, unknown>) {
  const calls: {
    register: unknown[][];
    sections: [string, unknown][];
    toolGroups: [string, Record<string, unknown[]>][];
    destroyed: string[];
  } = {
    register: [],
    sections: [],
    toolGroups: [],
    destroyed: [],
  };
  const destroyer = (name: string) => ({ destroy: () => calls.destroyed.push(name) });
  const context: ModeContext = {
    servicesManager: {
      services: {
        toolbarService: {
          register: (b) => calls.register.push(b),
          updateSection: (k, b) => calls.sections.push([k, b]),
        },
        toolGroupService: {
          createToolGroupAndAddTools: (id, tools) => calls.toolGroups.push([id, tools]),
          destroy: () => calls.destroyed.push('toolGroupService'),
        },
        customizationService: { getCustomization: (id) => customizations[id] },
        segmentationService: destroyer('segmentationService'),
        cornerstoneViewportService: destroyer('cornerstoneViewportService'),
      },
    },
    extensionManager: {
      getModuleEntry: (id) =>
        id === '@ohif/extension-cornerstone.utilityModule.tools'
          ? {
              exports: {
                toolNames: TOOL_NAMES,
                Enums: { MouseBindings: { Primary: 1, Auxiliary: 4, Secondary: 2, Wheel: 524288 } },
              },
            }
          : undefined,
    },
    commandsManager: {},
  };
  return { context, calls };
}

describe('seglens mode', () => {
  const instance = mode.modeFactory();

  it('routes at /seglens and keys the seglens extension by the URL path its bundle is served at', () => {
    expect(MODE_ID).toBe('seglens');
    expect(instance.routeName).toBe('seglens');
    expect(SEGLENS_EXTENSION).toBe('/_seglens/seglens-extension.mjs');
    expect(Object.keys(instance.extensions)).toContain('/_seglens/seglens-extension.mjs');
    expect(mode.extensionDependencies).toEqual(instance.extensions);
  });

  it('puts the seglens panel first on the right, then OHIF labelmap tools, and shows DICOM SEG', () => {
    const layout = instance.routes[0].layoutTemplate();
    expect(layout.id).toBe('@ohif/extension-default.layoutTemplateModule.viewerLayout');
    expect(layout.props.rightPanels).toEqual([
      '/_seglens/seglens-extension.mjs.panelModule.seglens',
      '@ohif/extension-cornerstone.panelModule.panelSegmentationWithToolsLabelMap',
    ]);
    expect(layout.props.rightPanels[0]).toBe(SEGLENS_PANEL);
    const segViewport = layout.props.viewports.find((v) => v.namespace.includes('dicom-seg'));
    expect(segViewport?.displaySetsToDisplay).toEqual([
      '@ohif/extension-cornerstone-dicom-seg.sopClassHandlerModule.dicom-seg',
    ]);
    // Each call gives a fresh copy: OHIF may modify the layout it gets.
    expect(instance.routes[0].layoutTemplate()).not.toBe(layout);
  });

  it.each([
    ['MR', true],
    ['CT\\SEG', true],
    ['ES', true],
    ['SEG', false],
    ['SR\\SEG', false],
  ])('isValidMode for modalities %s is %s', (modalities, valid) => {
    expect(instance.isValidMode({ modalities }).valid).toBe(valid);
  });

  it('onModeEnter creates the tool group with the brush and eraser and registers the toolbar packs', () => {
    const buttons = [{ id: 'Brush' }, { id: 'Eraser' }];
    const { context, calls } = fakeContext({
      toolbarButtons: buttons,
      toolbarSections: [{ primary: ['WindowLevel'] }, { LabelMapTools: ['Brush', 'Eraser'] }],
    });
    instance.onModeEnter.call({}, context);
    expect(calls.register).toEqual([buttons]);
    expect(calls.sections).toEqual([
      ['primary', ['WindowLevel']],
      ['LabelMapTools', ['Brush', 'Eraser']],
    ]);
    const [id, tools] = calls.toolGroups[0];
    expect(id).toBe('default');
    const passive = (tools.passive as { toolName: string; configuration?: { activeStrategy: string } }[]).map(
      (t) => `${t.toolName}:${t.configuration?.activeStrategy ?? ''}`,
    );
    expect(passive).toEqual(
      expect.arrayContaining(['CircularBrush:FILL_INSIDE_CIRCLE', 'CircularEraser:ERASE_INSIDE_CIRCLE']),
    );
    const active = (tools.active as { toolName: string }[]).map((t) => t.toolName);
    expect(active).toEqual(['WindowLevel', 'Pan', 'Zoom', 'StackScroll']);
  });

  it('onModeEnter fails with a clear message without the Cornerstone extension', () => {
    const { context } = fakeContext({});
    context.extensionManager.getModuleEntry = () => undefined;
    expect(() => instance.onModeEnter.call({}, context)).toThrow(/extension-cornerstone/);
  });

  it('onModeExit tears down what the mode set up', () => {
    const { context, calls } = fakeContext({});
    instance.onModeExit(context);
    expect(calls.destroyed).toEqual([
      'toolGroupService',
      'segmentationService',
      'cornerstoneViewportService',
    ]);
  });
});

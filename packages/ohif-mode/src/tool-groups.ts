// The mode's one tool group: look at the images (window/level, pan, zoom, scroll) and edit labelmaps with
// Cornerstone's brush and eraser — the brush the user corrects predictions with before fine-tuning.
import { OHIF } from './ids';
import type { ModeContext } from './types';

export const TOOL_GROUP_ID = 'default';

export function initToolGroups({ extensionManager, servicesManager }: ModeContext): void {
  const { toolGroupService } = servicesManager.services;
  const tools = extensionManager.getModuleEntry(OHIF.tools)?.exports as
    { toolNames: Record<string, string>; Enums: { MouseBindings: Record<string, number> } } | undefined;
  if (!tools)
    throw new Error(`seglens mode: ${OHIF.tools} is missing (is @ohif/extension-cornerstone loaded?)`);
  const { toolNames, Enums } = tools;
  const mouse = Enums.MouseBindings;
  const brush = (toolName: string, activeStrategy: string) => ({
    toolName,
    parentTool: 'Brush',
    configuration: { activeStrategy, minRadius: 0.5, maxRadius: 99.5 },
  });
  toolGroupService.createToolGroupAndAddTools(TOOL_GROUP_ID, {
    active: [
      { toolName: toolNames.WindowLevel, bindings: [{ mouseButton: mouse.Primary }] },
      { toolName: toolNames.Pan, bindings: [{ mouseButton: mouse.Auxiliary }] },
      { toolName: toolNames.Zoom, bindings: [{ mouseButton: mouse.Secondary }] },
      { toolName: toolNames.StackScroll, bindings: [{ mouseButton: mouse.Wheel }] },
    ],
    passive: [
      brush('CircularBrush', 'FILL_INSIDE_CIRCLE'),
      brush('CircularEraser', 'ERASE_INSIDE_CIRCLE'),
      brush('SphereBrush', 'FILL_INSIDE_SPHERE'),
      brush('SphereEraser', 'ERASE_INSIDE_SPHERE'),
      { toolName: toolNames.CircleScissors },
      { toolName: toolNames.RectangleScissors },
    ].filter((t) => Boolean(t.toolName)),
    disabled: [{ toolName: toolNames.ReferenceLines }].filter((t) => Boolean(t.toolName)),
  });
}

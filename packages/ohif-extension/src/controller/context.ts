// Everything the controller needs from the host, gathered once: services, the host's Cornerstone, and the
// active viewport / display set (which change as the user works).
import type {
  CommandsManager,
  CornerstoneLibraries,
  DisplaySet,
  ExtensionManager,
  ExtensionParams,
  OhifServices,
} from '../ohif/types';
import type { LabelmapTarget } from '../ohif/labelmap';

export interface HostContext {
  services: OhifServices;
  commands: CommandsManager;
  extensions: ExtensionManager;
  libs(): CornerstoneLibraries;
  viewportId(): string;
  /** The image display set shown in the active viewport, or null (empty viewport, SEG, SR…). */
  activeDisplaySet(): DisplaySet | null;
  target(): LabelmapTarget;
  notify(kind: 'error' | 'warning' | 'info' | 'success', title: string, message: string): void;
}

export function hostContext({
  servicesManager,
  commandsManager,
  extensionManager,
}: ExtensionParams): HostContext {
  const services = servicesManager.services;
  let libraries: CornerstoneLibraries | null = null;
  const libs = (): CornerstoneLibraries => {
    if (libraries) return libraries;
    const entry = extensionManager.getModuleEntry('@ohif/extension-cornerstone.utilityModule.common');
    const get = entry?.exports.getCornerstoneLibraries as (() => CornerstoneLibraries) | undefined;
    if (!get)
      throw new Error(
        'The OHIF Cornerstone extension is not loaded: seglens needs @ohif/extension-cornerstone',
      );
    libraries = get();
    return libraries;
  };
  const viewportId = () => services.viewportGridService.getActiveViewportId();
  const activeDisplaySet = (): DisplaySet | null => {
    const viewport = services.viewportGridService.getState().viewports.get(viewportId());
    for (const uid of viewport?.displaySetInstanceUIDs ?? []) {
      const ds = services.displaySetService.getDisplaySetByUID(uid);
      if (
        ds &&
        ds.Modality !== 'SEG' &&
        ds.Modality !== 'RTSTRUCT' &&
        ds.Modality !== 'SR' &&
        ds.imageIds?.length
      )
        return ds;
      // A SEG shown in the viewport labels another series: that one is the image.
      if (ds?.referencedDisplaySetInstanceUID) {
        const ref = services.displaySetService.getDisplaySetByUID(ds.referencedDisplaySetInstanceUID);
        if (ref?.imageIds?.length) return ref;
      }
    }
    return null;
  };
  return {
    services,
    commands: commandsManager,
    extensions: extensionManager,
    libs,
    viewportId,
    activeDisplaySet,
    target: () => ({ services, libs: libs(), viewportId: viewportId() }),
    notify: (type, title, message) =>
      services.uiNotificationService?.show({ title, message, type, duration: 6000 }),
  };
}

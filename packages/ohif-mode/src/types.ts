// The parts of OHIF's mode context the seglens mode uses (the prebuilt app ships no type declarations).
export interface ModeContext {
  servicesManager: {
    services: {
      toolbarService: {
        register(buttons: unknown[]): void;
        updateSection(key: string, buttons: unknown): void;
      };
      toolGroupService: {
        createToolGroupAndAddTools(id: string, tools: Record<string, unknown[]>): void;
        destroy(): void;
      };
      customizationService: { getCustomization(id: string): unknown };
      segmentationService: { destroy(): void };
      cornerstoneViewportService: { destroy(): void };
      syncGroupService?: { destroy(): void };
      uiDialogService?: { hideAll?(): void };
    };
  };
  extensionManager: { getModuleEntry(id: string): { exports: unknown } | undefined };
  commandsManager: unknown;
}

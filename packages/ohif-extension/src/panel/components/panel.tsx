// The seglens panel as React function components. The state stays outside React, in the store that survives
// OHIF unmounting the panel; useSyncExternalStore reads it, and each section is memoised on the parts of the
// state it shows, so progress updates many times a second redraw only the progress bar. A message a control
// caused reaches that control's section through the AnchoredMessage context (only Section reads it, so a new
// message redraws the sections' frames, not their contents); any other message is the banner at the top.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { PanelActions, PanelState } from '../state';
import { CompareSection } from './compare-section';
import { FineTuneSection } from './fine-tune-section';
import { LossLensSection } from './loss-lens-section';
import { AnchoredMessage, MessageSection } from './message-section';
import { ModelsSection } from './models-section';
import { ResultsSection } from './results-section';
import { SegmentSection } from './segment-section';

/** What the panel reads: the PanelStore, or a stand-in with the same two methods. */
export interface StateSource {
  get(): PanelState;
  /** Calls `listener` on every change; returns the unsubscribe. */
  subscribe(listener: (state: PanelState) => void): () => void;
}

export const PANEL_CLASS = 'seglens-panel';

export interface PanelProps {
  source: StateSource;
  actions: PanelActions;
  /** An element id unique to this mounted panel (two panels may be mounted at once). */
  uid(name: string): string;
}

export function Panel({ source, actions, uid }: PanelProps) {
  const subscribe = useCallback((onChange: () => void) => source.subscribe(() => onChange()), [source]);
  const get = useCallback(() => source.get(), [source]);
  const state = useSyncExternalStore(subscribe, get);
  const message = state.message;
  const anchored = useMemo(
    () => ({ message: message?.anchor ? message : null, dismiss: () => actions.dismissMessage() }),
    [message, actions],
  );
  return (
    <div className={PANEL_CLASS}>
      <MessageSection message={message} actions={actions} headingId={uid('message-heading')} />
      <AnchoredMessage.Provider value={anchored}>
        <ModelsSection
          uid={uid}
          backend={state.backend}
          backendChoice={state.backendChoice}
          cores={state.cores}
          series={state.series}
          models={state.models}
          actions={actions}
        />
        <SegmentSection
          id={uid('segment')}
          series={state.series}
          models={state.models}
          busy={state.busy}
          fineTuneRunning={state.fineTune.running}
          actions={actions}
        />
        <ResultsSection
          uid={uid}
          predictions={state.predictions}
          canStore={state.canStore}
          disagreement={state.disagreement}
          actions={actions}
        />
        <CompareSection uid={uid} comparison={state.comparison} referenceLoading={state.referenceLoading} />
        <LossLensSection id={uid('lens')} lossLens={state.lossLens} actions={actions} />
        <FineTuneSection
          uid={uid}
          fineTune={state.fineTune}
          models={state.models}
          hasSeries={state.series !== null}
          busy={state.busy}
          actions={actions}
        />
      </AnchoredMessage.Provider>
    </div>
  );
}

// The seglens panel as React function components. The state stays outside React, in the store that survives
// OHIF unmounting the panel; useSyncExternalStore reads it, and each section is memoised on the parts of the
// state it shows, so progress updates many times a second redraw only what changed.
import { useCallback, useSyncExternalStore } from 'react';
import type { PanelActions, PanelState } from '../state';
import type { ViewContext } from '../view/context';
import { createModelsSection } from '../view/models';
import { CompareSection } from './CompareSection';
import { FineTuneSection } from './FineTuneSection';
import { LegacySection } from './LegacySection';
import { LossLensSection } from './LossLensSection';
import { MessageSection } from './MessageSection';
import { ResultsSection } from './ResultsSection';
import { SegmentSection } from './SegmentSection';

/** What the panel reads: the PanelStore, or a stand-in with the same two methods. */
export interface StateSource {
  get(): PanelState;
  /** Calls `listener` on every change; returns the unsubscribe. */
  subscribe(listener: (state: PanelState) => void): () => void;
}

export const PANEL_CLASS = 'seglens-panel';

export interface PanelProps {
  source: StateSource;
  ctx: ViewContext;
}

export function Panel({ source, ctx }: PanelProps) {
  const subscribe = useCallback((onChange: () => void) => source.subscribe(() => onChange()), [source]);
  const get = useCallback(() => source.get(), [source]);
  const state = useSyncExternalStore(subscribe, get);
  const { actions, uid } = ctx;
  return (
    <div className={PANEL_CLASS}>
      <MessageSection message={state.message} actions={actions} headingId={uid('message-heading')} />
      <LegacySection create={createModelsSection} ctx={ctx} state={state} />
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
      <CompareSection uid={uid} comparison={state.comparison} />
      <LossLensSection id={uid('lens')} lossLens={state.lossLens} actions={actions} />
      <FineTuneSection
        uid={uid}
        fineTune={state.fineTune}
        models={state.models}
        hasSeries={state.series !== null}
        busy={state.busy}
        actions={actions}
      />
    </div>
  );
}

export type { PanelActions };

// Messages (error, warning or info) with a dismiss button. A message caused by a control is shown in that
// control's section, after its controls (Section reads it from AnchoredMessage); one that no control caused
// (the shipped models could not load, the worker could not start) is the banner at the top. The panel shows the
// one message in one place only, so its test ids are on one element at a time. Errors interrupt screen
// readers (role alert); warnings and info wait their turn (role status).
import { createContext, memo } from 'react';
import type { MessageView, PanelActions } from '../state';

const TITLES = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

/** The anchored message (null when there is none, or it is the banner's), for the sections to pick theirs. */
export interface AnchoredMessageValue {
  message: MessageView | null;
  dismiss(): void;
}

export const AnchoredMessage = createContext<AnchoredMessageValue>({
  message: null,
  dismiss: () => undefined,
});

export interface MessageBoxProps {
  message: MessageView | null;
  onDismiss(): void;
  headingId: string;
  /** 'banner': a section of its own at the top; 'section': a box inside the section it belongs to. */
  placement: 'banner' | 'section';
}

/** The message's look and roles, the same at the top and in a section. */
export function MessageBox({ message, onDismiss, headingId, placement }: MessageBoxProps) {
  // In a section it is a <div>: that section stays the nearest <section>, and its heading one level down.
  const Box = placement === 'banner' ? 'section' : 'div';
  const Heading = placement === 'banner' ? 'h3' : 'h4';
  return (
    <Box
      className={
        placement === 'banner' ? 'seglens-section seglens-message' : 'seglens-message seglens-message-in'
      }
      aria-labelledby={headingId}
      data-testid="seglens-message"
      hidden={message === null}
      data-kind={message?.kind}
      role={message === null ? undefined : message.kind === 'error' ? 'alert' : 'status'}
    >
      <div className="seglens-message-head">
        <Heading id={headingId} className="seglens-heading seglens-message-title">
          {message ? TITLES[message.kind] : ''}
        </Heading>
        <button
          type="button"
          className="seglens-button seglens-message-dismiss"
          data-testid="seglens-message-dismiss"
          aria-label="Dismiss message"
          title="Dismiss"
          onClick={onDismiss}
        >
          ×
        </button>
      </div>
      <p className="seglens-message-text" data-testid="seglens-message-text">
        {message?.text ?? ''}
      </p>
    </Box>
  );
}

export interface MessageSectionProps {
  message: MessageView | null;
  actions: PanelActions;
  headingId: string;
}

/** The banner at the top: an unanchored message (hidden when there is none); nothing while a section shows it. */
export const MessageSection = memo(function MessageSection({
  message,
  actions,
  headingId,
}: MessageSectionProps) {
  if (message?.anchor) return null;
  return (
    <MessageBox
      message={message}
      onDismiss={() => actions.dismissMessage()}
      headingId={headingId}
      placement="banner"
    />
  );
});

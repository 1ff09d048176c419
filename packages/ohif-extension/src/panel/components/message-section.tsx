// The message banner (error, warning or info) with a dismiss button. Errors interrupt screen readers
// (role alert); warnings and info wait their turn (role status).
import { memo } from 'react';
import type { MessageView, PanelActions } from '../state';

const TITLES = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

export interface MessageSectionProps {
  message: MessageView | null;
  actions: PanelActions;
  headingId: string;
}

export const MessageSection = memo(function MessageSection({
  message,
  actions,
  headingId,
}: MessageSectionProps) {
  return (
    <section
      className="seglens-section seglens-message"
      aria-labelledby={headingId}
      data-testid="seglens-message"
      hidden={message === null}
      data-kind={message?.kind}
      role={message === null ? undefined : message.kind === 'error' ? 'alert' : 'status'}
    >
      <div className="seglens-message-head">
        <h3 id={headingId} className="seglens-heading seglens-message-title">
          {message ? TITLES[message.kind] : ''}
        </h3>
        <button
          type="button"
          className="seglens-button seglens-message-dismiss"
          data-testid="seglens-message-dismiss"
          aria-label="Dismiss message"
          title="Dismiss"
          onClick={() => actions.dismissMessage()}
        >
          ×
        </button>
      </div>
      <p className="seglens-message-text" data-testid="seglens-message-text">
        {message?.text ?? ''}
      </p>
    </section>
  );
});

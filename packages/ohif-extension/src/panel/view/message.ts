/** Section 1: the message banner (error, warning or info) with a dismiss button. */
import type { PanelState } from '../state';
import type { SectionView, ViewContext } from './context';
import { h, setHidden, setText } from './dom';

const TITLES = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

export function createMessageSection(ctx: ViewContext): SectionView {
  const { doc } = ctx;
  const headingId = ctx.uid('message-heading');
  const title = h(doc, 'h3', { id: headingId, class: 'seglens-heading seglens-message-title' });
  const text = h(doc, 'p', { class: 'seglens-message-text', 'data-testid': 'seglens-message-text' });
  const dismiss = h(
    doc,
    'button',
    {
      type: 'button',
      class: 'seglens-button seglens-message-dismiss',
      'data-testid': 'seglens-message-dismiss',
      'aria-label': 'Dismiss message',
      title: 'Dismiss',
    },
    '×',
  );
  dismiss.addEventListener('click', () => ctx.actions.dismissMessage());
  const el = h(
    doc,
    'section',
    {
      class: 'seglens-section seglens-message',
      'aria-labelledby': headingId,
      'data-testid': 'seglens-message',
      hidden: true,
    },
    h(doc, 'div', { class: 'seglens-message-head' }, title, dismiss),
    text,
  );

  return {
    el,
    deps: (state: PanelState) => [state.message],
    update(state: PanelState) {
      const message = state.message;
      setHidden(el, message === null);
      if (message === null) return;
      el.dataset.kind = message.kind;
      // Errors interrupt screen readers; warnings and info wait their turn.
      el.setAttribute('role', message.kind === 'error' ? 'alert' : 'status');
      setText(title, TITLES[message.kind]);
      setText(text, message.text);
    },
  };
}

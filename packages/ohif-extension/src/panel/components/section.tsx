// A panel section: a <section> whose heading is a button that folds its body, as OHIF's own panels do, so a
// user on a small screen can put away what they do not need. Folding is the section's own state. A message
// anchored to this section (see message-section.tsx) is shown at the end of its body, after its controls.
import { useContext, useState, type ReactNode } from 'react';
import { AnchoredMessage, MessageBox } from './message-section';

export interface SectionProps {
  /** Element id prefix, unique to this mounted panel (two panels may be mounted at once). */
  id: string;
  title: string;
  children?: ReactNode;
}

/** "Loss lens" → "loss-lens", the suffix of the section's test ids. */
export const slugOf = (title: string): string => title.toLowerCase().replace(/\s+/g, '-');

export function Section({ id, title, children }: SectionProps) {
  const [open, setOpen] = useState(true);
  const slug = slugOf(title);
  const anchored = useContext(AnchoredMessage);
  const message = anchored.message?.anchor === slug ? anchored.message : null;
  // A new message for a folded section opens it, rather than falling back to the banner: the message is
  // about this section's controls (a failed run of its button, a setting to fix), so the user needs them in
  // view beside it, and a message far from its cause is what showing it here is meant to end. Only a new
  // message opens it (adjusted while rendering, as React advises, so the folded frame is never drawn); the
  // user may fold the section again over the message, which then waits there, still in one place only.
  const [shown, setShown] = useState<typeof message>(null);
  if (message !== shown) {
    setShown(message);
    if (message !== null && !open) setOpen(true);
  }
  const headingId = `${id}-heading`;
  const bodyId = `${id}-body`;
  return (
    <section className="seglens-section" aria-labelledby={headingId} data-testid={`seglens-section-${slug}`}>
      <h3 id={headingId} className="seglens-heading">
        <button
          type="button"
          className="seglens-collapse"
          aria-expanded={open}
          aria-controls={bodyId}
          data-testid={`seglens-collapse-${slug}`}
          onClick={() => setOpen((o) => !o)}
        >
          <svg className="seglens-chevron" viewBox="0 0 12 12" aria-hidden="true">
            <path d="M2 4 L6 8 L10 4" fill="none" stroke="currentColor" strokeWidth={1.5} />
          </svg>
          {title}
        </button>
      </h3>
      <div className="seglens-section-body" id={bodyId} hidden={!open}>
        {children}
        {message !== null ? (
          <MessageBox
            message={message}
            onDismiss={anchored.dismiss}
            headingId={`${id}-message-heading`}
            placement="section"
          />
        ) : null}
      </div>
    </section>
  );
}

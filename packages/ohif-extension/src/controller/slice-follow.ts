// Follows the slice the user views, so the loss lens (scope "slice") shows the slice on screen rather than
// the one it was opened on. Cornerstone dispatches its new-image events on the viewport element without
// bubbling; a capture-phase listener on the document still sees them, for every viewport, including ones
// OHIF creates later. Scrolling fires one event per image, so the callback waits for a pause.

/** Cornerstone3D's events for a new image in a stack viewport and a new slice in a volume viewport. */
export const NEW_IMAGE_EVENTS = ['CORNERSTONE_STACK_NEW_IMAGE', 'CORNERSTONE_VOLUME_NEW_IMAGE'] as const;

/** Calls `onSettled` once the viewed image has stopped changing for `quietMs`; returns the unsubscribe. */
export function followViewedSlice(target: EventTarget, onSettled: () => void, quietMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const listener = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onSettled();
    }, quietMs);
  };
  for (const type of NEW_IMAGE_EVENTS) target.addEventListener(type, listener, { capture: true });
  return () => {
    if (timer !== null) clearTimeout(timer);
    for (const type of NEW_IMAGE_EVENTS) target.removeEventListener(type, listener, { capture: true });
  };
}

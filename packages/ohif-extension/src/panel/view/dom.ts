/**
 * Small DOM helpers for the panel view. OHIF renders panels with its own React, which our bundle cannot share,
 * so the view builds plain DOM and SVG; these keep that terse without a framework.
 */

export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    // false/null/undefined mean "absent", so boolean attributes like disabled can be written inline.
    if (value === false || value === null || value === undefined) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? el.ownerDocument.createTextNode(child) : child);
  }
}

/** An HTML element in `doc` with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element in `doc` with attributes and children. */
export function s<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = doc.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Replaces every child of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Sets text only when it changed, so a user's text selection in an unchanged label survives an update. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Shows or hides an element through the `hidden` attribute (the stylesheet honours it). */
export function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

/** `rgb(r, g, b)` for a 0–255 colour. */
export function rgb(color: readonly [number, number, number]): string {
  return `rgb(${color[0]}, ${color[1]}, ${color[2]})`;
}

/** Whether the user is interacting with `el` (focused), so its value must not be overwritten. */
export function isActive(el: Element): boolean {
  return el.ownerDocument.activeElement === el;
}

/**
 * A section: a <section> whose heading is a button that collapses its body, as OHIF's own panels do, so a
 * user on a small screen can fold away what they do not need. Collapsed sections stay collapsed across
 * updates (the view never rebuilds them).
 */
export function section(doc: Document, id: string, title: string): { el: HTMLElement; body: HTMLElement } {
  const headingId = `${id}-heading`;
  const bodyId = `${id}-body`;
  const slug = title.toLowerCase().replace(/\s+/g, '-');
  const body = h(doc, 'div', { class: 'seglens-section-body', id: bodyId });
  const chevron = s(
    doc,
    'svg',
    { class: 'seglens-chevron', viewBox: '0 0 12 12', 'aria-hidden': 'true' },
    s(doc, 'path', { d: 'M2 4 L6 8 L10 4', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }),
  );
  const toggle = h(
    doc,
    'button',
    {
      type: 'button',
      class: 'seglens-collapse',
      'aria-expanded': 'true',
      'aria-controls': bodyId,
      'data-testid': `seglens-collapse-${slug}`,
    },
    chevron,
    title,
  );
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    setHidden(body, !open);
  });
  const el = h(
    doc,
    'section',
    { class: 'seglens-section', 'aria-labelledby': headingId, 'data-testid': `seglens-section-${slug}` },
    h(doc, 'h3', { id: headingId, class: 'seglens-heading' }, toggle),
    body,
  );
  return { el, body };
}

/** A small colour square, coloured through the CSSOM (not a style attribute, which a strict CSP blocks). */
export function swatch(doc: Document, color: readonly [number, number, number]): HTMLSpanElement {
  const el = h(doc, 'span', { class: 'seglens-swatch', 'aria-hidden': 'true' });
  el.style.background = rgb(color);
  return el;
}

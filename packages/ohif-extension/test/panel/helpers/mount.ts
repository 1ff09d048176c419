/**
 * Mounts the panel into jsdom with actions that record every call. The panel is React: renders, updates and
 * interactions that change component state run inside act(), so the DOM is up to date when they return.
 */
import { act } from 'react';
import { mountPanelView, type PanelView } from '../../../src/panel/mount';
import type { PanelActions, PanelState } from '../../../src/panel/state';

// Tells React this is a test environment where act() flushes renders and effects.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export type ActionCall = [keyof PanelActions, ...unknown[]];

export interface Mounted {
  root: HTMLElement;
  view: PanelView;
  calls: ActionCall[];
  actions: PanelActions;
  /** The element with data-testid `id`; fails the test when there is none. */
  get<T extends Element = HTMLElement>(id: string): T;
  find<T extends Element = HTMLElement>(id: string): T | null;
}

const ACTION_NAMES: (keyof PanelActions)[] = [
  'toggleModel',
  'segment',
  'cancel',
  'setVisibility',
  'setOpacity',
  'toggleDisagreement',
  'setLossLensScope',
  'startLabelling',
  'setFineTune',
  'fineTune',
  'downloadModel',
  'loadModelFiles',
  'deleteModel',
  'exportSeg',
  'storeSeg',
  'dismissMessage',
  'setBackendChoice',
];

export function recordingActions(calls: ActionCall[]): PanelActions {
  return Object.fromEntries(
    ACTION_NAMES.map((name) => [name, (...args: unknown[]) => calls.push([name, ...args])]),
  ) as unknown as PanelActions;
}

export function mount(state?: PanelState): Mounted {
  const root = document.createElement('div');
  document.body.append(root);
  const calls: ActionCall[] = [];
  const actions = recordingActions(calls);
  let inner: PanelView | null = null;
  act(() => {
    inner = mountPanelView(root, actions);
  });
  const mounted = inner as unknown as PanelView;
  const view: PanelView = {
    update: (next) => act(() => mounted.update(next)),
    destroy: () => act(() => mounted.destroy()),
  };
  if (state) view.update(state);
  // Keys are URLs (quotes, colons, slashes), so match the attribute's value rather than build a selector.
  const find = <T extends Element>(id: string): T | null =>
    (Array.from(root.querySelectorAll('[data-testid]')).find(
      (el) => el.getAttribute('data-testid') === id,
    ) as T | undefined) ?? null;
  const get = <T extends Element>(id: string): T => {
    const el = find<T>(id);
    if (!el) throw new Error(`no element with data-testid ${id}`);
    return el;
  };
  return { root, view, calls, actions, get, find };
}

/** Clicks as a user does; what the click changes in the panel is drawn when this returns. */
export function click(el: HTMLElement): void {
  act(() => el.click());
}

/** Types `text` into an input as a user would: focus, set the value, fire input. */
export function type(input: HTMLInputElement, text: string): void {
  act(() => {
    input.focus();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/**
 * Moves a slider (or sets any input's value) as a user does and fires input. The value goes through the
 * element's native setter: React tracks values set through the element itself as its own.
 */
export function slide(input: HTMLInputElement, value: string): void {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Moves focus away from an input, as tabbing out does. */
export function blur(input: HTMLElement): void {
  act(() => input.blur());
}

/** Commits an input as blur/Enter does: fire change. */
export function commit(input: HTMLInputElement | HTMLSelectElement): void {
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Numeric SVG attribute. */
export function num(el: Element, name: string): number {
  const v = el.getAttribute(name);
  if (v === null) throw new Error(`${el.tagName} has no ${name}`);
  return Number(v);
}

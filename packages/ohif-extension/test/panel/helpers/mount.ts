/** Mounts the panel view into jsdom with actions that record every call. */
import { mountPanelView, type PanelView } from '../../../src/panel/mount';
import type { PanelActions, PanelState } from '../../../src/panel/state';

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
  const view = mountPanelView(root, actions);
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

/** Types `text` into an input as a user would: focus, set the value, fire input. */
export function type(input: HTMLInputElement, text: string): void {
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Commits an input as blur/Enter does: fire change. */
export function commit(input: HTMLInputElement | HTMLSelectElement): void {
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Numeric SVG attribute. */
export function num(el: Element, name: string): number {
  const v = el.getAttribute(name);
  if (v === null) throw new Error(`${el.tagName} has no ${name}`);
  return Number(v);
}

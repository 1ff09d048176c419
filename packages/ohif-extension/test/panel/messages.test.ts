/** @jest-environment jsdom */
// Messages next to the control that caused them: a message with an anchor is shown inside that section, after
// its controls, and nowhere else; one without is the banner at the top. Whichever, the message's test ids are
// on one element each, so the viewer's end-to-end tests read it wherever it is.
import './helpers/node-globals';
import { segmentedState } from './helpers/fixtures';
import { click, mount, type Mounted } from './helpers/mount';
import {
  MESSAGE_ANCHORS,
  type MessageAnchor,
  type MessageView,
  type PanelState,
} from '../../src/panel/state';

let full: PanelState;
beforeAll(async () => {
  full = (await segmentedState()).state;
});
afterEach(() => document.body.replaceChildren());

/** What each section's controls really say (the controller's texts). */
const CAUSED: Record<MessageAnchor, MessageView> = {
  models: {
    kind: 'error',
    text: 'Backend choice: backend must be auto or one of webgpu, webgl, wasm, cpu, got "cuda"',
    anchor: 'models',
  },
  segment: { kind: 'warning', text: 'Select at least one model that fits this series.', anchor: 'segment' },
  results: {
    kind: 'error',
    text: 'Store hippocampus-rce failed: the data source cannot store DICOM (no STOW-RS)',
    anchor: 'results',
  },
  compare: {
    kind: 'warning',
    text: 'Reference segments not matched to a model class: tumour',
    anchor: 'compare',
  },
  'loss-lens': {
    kind: 'info',
    text: 'Loss lens: cancelled. Previous results are kept.',
    anchor: 'loss-lens',
  },
  'fine-tune': {
    kind: 'error',
    text: 'Fine-tune: press "Draw labels" and paint some slices first.',
    anchor: 'fine-tune',
  },
};

const TITLE = { error: 'Error', warning: 'Warning', info: 'Info' } as const;
const MESSAGE_IDS = ['seglens-message', 'seglens-message-text', 'seglens-message-dismiss'];

/** How many elements carry each of the message's test ids. */
function counts(p: Mounted): number[] {
  return MESSAGE_IDS.map((id) => p.root.querySelectorAll(`[data-testid="${id}"]`).length);
}

/** The banner: the message box that is a section of the panel itself. */
function banner(p: Mounted): HTMLElement | null {
  return p.root.querySelector<HTMLElement>('.seglens-panel > [data-testid="seglens-message"]');
}

describe('messages next to their control', () => {
  it.each(MESSAGE_ANCHORS.map((a) => [a, CAUSED[a]] as const))(
    'shows a message anchored to %s inside that section, after its controls, and not in the banner',
    (anchor, message) => {
      const p = mount({ ...full, message });
      expect(counts(p)).toEqual([1, 1, 1]);
      const box = p.get('seglens-message');
      const section = p.get(`seglens-section-${anchor}`);
      expect(p.get('seglens-message-text').closest('section')).toBe(section);
      expect(box.hidden).toBe(false);
      expect(box.dataset.kind).toBe(message.kind);
      expect(box.getAttribute('role')).toBe(message.kind === 'error' ? 'alert' : 'status');
      expect(box.querySelector('h4')?.textContent).toBe(TITLE[message.kind]);
      expect(p.get('seglens-message-text').textContent).toBe(message.text);
      // Last in the section's body: after every control of the section.
      const body = section.querySelector('.seglens-section-body')!;
      expect(body.lastElementChild).toBe(box);
      expect(banner(p)).toBeNull();
      // The box is labelled by its own heading, with an id no other element has.
      const heading = document.getElementById(box.getAttribute('aria-labelledby')!);
      expect(heading?.textContent).toBe(TITLE[message.kind]);
      const ids = Array.from(document.querySelectorAll('[id]'), (el) => el.id);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it('shows a message no control caused in the banner at the top, inside no other section', () => {
    const text =
      'Could not load the shipped models: HTTP 404 for http://127.0.0.1:3000/_seglens/models/index.json';
    const p = mount({ ...full, message: { kind: 'error', text } });
    expect(counts(p)).toEqual([1, 1, 1]);
    const box = banner(p)!;
    expect(box).toBe(p.get('seglens-message'));
    expect(box.hidden).toBe(false);
    expect(box.parentElement!.firstElementChild).toBe(box);
    expect(box.getAttribute('role')).toBe('alert');
    expect(box.querySelector('h3')?.textContent).toBe('Error');
    expect(p.get('seglens-message-text').closest('section')).toBe(box);
    expect(p.get('seglens-message-text').textContent).toBe(text);
    for (const anchor of MESSAGE_ANCHORS)
      expect(p.get(`seglens-section-${anchor}`).querySelector('[data-testid="seglens-message"]')).toBeNull();
  });

  it('dismisses an anchored message through the action; without a message the hidden banner is back', () => {
    const p = mount({ ...full, message: CAUSED['fine-tune'] });
    click(p.get('seglens-message-dismiss'));
    expect(p.calls).toEqual([['dismissMessage']]);
    p.view.update({ ...full, message: null });
    expect(counts(p)).toEqual([1, 1, 1]);
    expect(banner(p)?.hidden).toBe(true);
    expect(p.get('seglens-section-fine-tune').querySelector('[data-testid="seglens-message"]')).toBeNull();
  });

  it('moves the message from section to section and to the banner, one place at a time', () => {
    const p = mount({ ...full, message: CAUSED.segment });
    const where = () => p.get('seglens-message-text').closest('section')?.getAttribute('data-testid');
    expect(where()).toBe('seglens-section-segment');
    p.view.update({ ...full, message: CAUSED.results });
    expect(where()).toBe('seglens-section-results');
    expect(counts(p)).toEqual([1, 1, 1]);
    p.view.update({ ...full, message: { kind: 'info', text: 'Loaded hippocampus-rce' } });
    expect(where()).toBe('seglens-message');
    expect(counts(p)).toEqual([1, 1, 1]);
  });

  it('opens a folded section for a new message of its own, and only for that', () => {
    const p = mount(full);
    const toggle = p.get<HTMLButtonElement>('seglens-collapse-fine-tune');
    const body = p.get('seglens-section-fine-tune').querySelector<HTMLElement>('.seglens-section-body')!;
    const lensToggle = p.get<HTMLButtonElement>('seglens-collapse-loss-lens');
    click(toggle);
    click(lensToggle);
    expect(body.hidden).toBe(true);
    // Another section's message leaves it folded.
    p.view.update({ ...full, message: CAUSED.segment });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    // Its own opens it, so the message is seen beside the controls it is about.
    p.view.update({ ...full, message: CAUSED['fine-tune'] });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(body.hidden).toBe(false);
    expect(body.contains(p.get('seglens-message'))).toBe(true);
    expect(lensToggle.getAttribute('aria-expanded')).toBe('false');
    // The user may fold it again over the same message; a new message opens it again.
    click(toggle);
    p.view.update({
      ...full,
      busy: { label: 'Loss lens', fraction: null, cancellable: true },
      message: CAUSED['fine-tune'],
    });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    p.view.update({
      ...full,
      message: {
        ...CAUSED['fine-tune'],
        text: 'Fine-tune hippocampus-rce: cancelled. Previous results are kept.',
      },
    });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(p.get('seglens-message-text').textContent).toBe(
      'Fine-tune hippocampus-rce: cancelled. Previous results are kept.',
    );
  });
});

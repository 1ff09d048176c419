/** @jest-environment jsdom */
import './helpers/node-globals';
import * as tf from '@tensorflow/tfjs-core';
import { defineLoss, registerLoss } from '@seglens/losses';
import { card, fineTunedEntry, modelEntries, modelKey, mrSeries } from './helpers/fixtures';
import { click, commit, mount, num, type } from './helpers/mount';
import { initialPanelState, type FineTuneView, type PanelState } from '../../src/panel/state';

const series = mrSeries([36, 52, 38]);
const tuned = fineTunedEntry(card('hippocampus-rce'), 'hippocampus-rce-tuned', '2026-11-24T09:30:00.000Z');
const history = card('hippocampus-rce').training.history;

function state(fineTune: Partial<FineTuneView> = {}): PanelState {
  const base = initialPanelState();
  return {
    ...base,
    series,
    models: [...modelEntries(series), tuned],
    fineTune: {
      ...base.fineTune,
      baseModelKey: modelKey('hippocampus-rce'),
      labelledSlices: [20, 12, 13],
      ...fineTune,
    },
  };
}

describe('Fine-tune settings', () => {
  it('offers the fitting models as base and the losses by the state’s names', () => {
    const p = mount(state());
    const base = p.get<HTMLSelectElement>('seglens-ft-base');
    expect(Array.from(base.options, (o) => o.text)).toEqual([
      'Choose a model',
      'hippocampus-ce',
      'hippocampus-dice',
      'hippocampus-rce',
      'hippocampus-rce-tuned',
    ]);
    expect(base.value).toBe(modelKey('hippocampus-rce'));
    const loss = p.get<HTMLSelectElement>('seglens-ft-loss');
    expect(Array.from(loss.options, (o) => [o.value, o.text])).toEqual([
      ['crossEntropy', 'CE'],
      ['weightedCrossEntropy', 'WCE'],
      ['focal', 'FL'],
      ['dice', 'Dice'],
      ['logDice', 'LogDice'],
      ['rce', 'RCE(L1)'],
      ['rfl', 'RFL(L1)'],
      ['diceCE', 'DiceCE'],
      ['logDiceCE', 'LogDiceCE'],
      ['diceFocal', 'DiceFL'],
      ['logDiceFocal', 'LogDiceFL'],
      ['dbCE', 'DBCE'],
    ]);
    expect(loss.value).toBe('rce');
    base.value = modelKey('hippocampus-dice');
    commit(base);
    loss.value = 'logDice';
    commit(loss);
    expect(p.calls).toEqual([
      ['setFineTune', { baseModelKey: modelKey('hippocampus-dice') }],
      ['setFineTune', { loss: 'logDice' }],
    ]);
  });

  it('keeps a loss the state names even when it is not in the usual list', () => {
    // regionL1 alone is not trainable, so it is not in the list the registry gives.
    const p = mount(state({ loss: 'regionL1' }));
    const loss = p.get<HTMLSelectElement>('seglens-ft-loss');
    expect(loss.value).toBe('regionL1');
    expect(loss.options[loss.options.length - 1].text).toBe('regionL1');
  });

  it('commits valid epochs and learning rate', () => {
    const p = mount(state());
    const epochs = p.get<HTMLInputElement>('seglens-ft-epochs');
    const lr = p.get<HTMLInputElement>('seglens-ft-lr');
    expect(epochs.value).toBe('5');
    expect(lr.value).toBe('0.0001');
    type(epochs, '12');
    commit(epochs);
    type(lr, '3e-4');
    commit(lr);
    expect(p.calls).toEqual([
      ['setFineTune', { epochs: 12 }],
      ['setFineTune', { learningRate: 3e-4 }],
    ]);
  });

  it.each([
    ['seglens-ft-epochs', '0', /^Epochs must be a whole number from 1 to 100; got "0"\.$/],
    ['seglens-ft-epochs', '101', /^Epochs .* got "101"\.$/],
    ['seglens-ft-epochs', '2.5', /^Epochs .* got "2\.5"\.$/],
    ['seglens-ft-epochs', 'ten', /^Epochs .* got "ten"\.$/],
    ['seglens-ft-epochs', ' ', /^Epochs .* got an empty field\.$/],
    ['seglens-ft-lr', '0', /^Learning rate must be a number above 0 and at most 1 .* got "0"\.$/],
    ['seglens-ft-lr', '-1e-4', /^Learning rate .* got "-1e-4"\.$/],
    ['seglens-ft-lr', '2', /^Learning rate .* got "2"\.$/],
    ['seglens-ft-lr', '0x10', /^Learning rate .* got "0x10"\.$/],
    ['seglens-ft-lr', 'fast', /^Learning rate .* got "fast"\.$/],
  ])('refuses %s = %j with an inline error and calls nothing', (id, text, message) => {
    const p = mount(state());
    const input = p.get<HTMLInputElement>(id);
    type(input, text);
    commit(input);
    const error = p.get(`${id}-error`);
    expect(error.hidden).toBe(false);
    expect(error.textContent).toMatch(message);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    click(p.get('seglens-finetune'));
    expect(p.calls).toEqual([]);
    // Fixing the value clears the error as the user types.
    type(input, id === 'seglens-ft-epochs' ? '8' : '0.001');
    expect(error.hidden).toBe(true);
  });
});

describe('Fine-tune run', () => {
  it('draws labels, lists the labelled slices and fine-tunes with the typed values', () => {
    const p = mount(state());
    // 0-based indices in the state, OHIF's 1-based image numbers on screen.
    expect(p.get('seglens-ft-slices').textContent).toBe('Labelled: slices 13, 14, 21');
    p.get('seglens-draw-labels').click();
    const epochs = p.get<HTMLInputElement>('seglens-ft-epochs');
    type(epochs, '20'); // typed, not yet committed by a blur
    const run = p.get<HTMLButtonElement>('seglens-finetune');
    expect(run.disabled).toBe(false);
    run.click();
    expect(p.calls).toEqual([['startLabelling'], ['setFineTune', { epochs: 20 }], ['fineTune']]);
  });

  it('disables Fine-tune without labelled slices, without a base model and while running', () => {
    const p = mount(state({ labelledSlices: [] }));
    const run = p.get<HTMLButtonElement>('seglens-finetune');
    expect(run.disabled).toBe(true);
    expect(p.get('seglens-finetune-hint').textContent).toBe('Draw labels on at least one slice first.');
    expect(p.get('seglens-ft-slices').textContent).toBe('No labelled slices yet.');
    p.view.update(state({ baseModelKey: null }));
    expect(run.disabled).toBe(true);
    expect(p.get('seglens-finetune-hint').textContent).toBe('Choose a base model.');
    p.view.update(state({ running: true }));
    expect(run.disabled).toBe(true);
    expect(p.get<HTMLInputElement>('seglens-ft-epochs').disabled).toBe(true);
    expect(p.get<HTMLButtonElement>('seglens-draw-labels').disabled).toBe(true);
  });

  it('draws the loss curve of the run, one point per epoch, higher loss higher up', () => {
    const losses = history.map((h) => ({ epoch: h.epoch, loss: h.trainLoss }));
    const p = mount(state({ running: true, epochs: 6, history: losses }));
    const curve = p.get('seglens-loss-curve');
    const points = Array.from(curve.querySelectorAll('circle'));
    expect(points.map((c) => Number(c.getAttribute('data-loss')))).toEqual(losses.map((l) => l.loss));
    for (let i = 1; i < points.length; i++) {
      expect(num(points[i], 'cx')).toBeGreaterThan(num(points[i - 1], 'cx'));
      // y grows downwards: a lower loss sits lower on the page exactly when it is smaller.
      expect(Math.sign(num(points[i], 'cy') - num(points[i - 1], 'cy'))).toBe(
        Math.sign(losses[i - 1].loss - losses[i].loss),
      );
    }
    expect(curve.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(losses.length);
    expect(p.get('seglens-loss-curve-last').textContent).toBe(losses[losses.length - 1].loss.toFixed(3));
    // Six planned epochs: the x axis is labelled to 6 while 4 are done.
    expect(Array.from(curve.querySelectorAll('text.seglens-tick'), (t) => t.textContent)).toContain('6');
  });

  it('shows the DSC before and after, and the saved model with Download', () => {
    const before = history[0].meanForegroundDsc;
    const after = history[2].meanForegroundDsc;
    const p = mount(state({ before, after, savedAs: tuned.name }));
    expect(p.get('seglens-ft-dsc').textContent).toBe(
      `Mean DSC on the labelled slices: ${before.toFixed(3)} → ${after.toFixed(3)} (+${(after - before).toFixed(3)})`,
    );
    expect(p.get('seglens-ft-saved').textContent).toContain('Saved as hippocampus-rce-tuned');
    p.get('seglens-ft-download').click();
    expect(p.calls).toEqual([['downloadModel', tuned.key, 'fine-tune']]);
    p.view.update(state());
    expect(p.get('seglens-ft-saved').hidden).toBe(true);
    expect(p.get('seglens-ft-dsc').hidden).toBe(true);
  });
});

describe('Fine-tune loss list from the registry', () => {
  it('offers a loss added with registerLoss', () => {
    const toy = defineLoss(
      'toyLoss',
      [],
      () => undefined,
      (flat) => tf.mean(flat.valid),
    );
    registerLoss({
      name: 'toyLoss',
      label: 'Toy',
      description: 'A toy loss for this test.',
      equation: 'Toy = mean of the valid mask',
      reference: 'not in the paper',
      defaults: { ignoreIndex: 255, validate: true },
      fn: toy,
      trainable: true,
    });
    const p = mount(state());
    const loss = p.get<HTMLSelectElement>('seglens-ft-loss');
    const last = loss.options[loss.options.length - 1];
    expect([last.value, last.text]).toEqual(['toyLoss', 'Toy']);
  });
});

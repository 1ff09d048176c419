// The task runner's progress: a new stage (label) is shown at once, updates within a stage at most every
// PROGRESS_INTERVAL_MS with the last one kept, and nothing held outlives its stage or its task.
import { TaskRunner } from '../../src/controller/runner';
import type { ProgressView } from '../../src/panel/state';
import { PanelStore } from '../../src/panel/store';

describe('TaskRunner.progress', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setUp() {
    const store = new PanelStore();
    let t = 0;
    const runner = new TaskRunner(
      store,
      () => undefined,
      () => t,
    );
    const shown: Array<ProgressView | null> = [];
    store.subscribe((s) => {
      if (shown.length === 0 || shown[shown.length - 1] !== s.busy) shown.push(s.busy);
    });
    let finish = (): void => undefined;
    const done = runner.run('Segment', 'segment', () => new Promise<void>((resolve) => (finish = resolve)));
    const at = (ms: number) => {
      // The clock, and the timers due by then.
      const step = ms - t;
      t = ms;
      jest.advanceTimersByTime(step);
    };
    const last = () => store.get().busy;
    return { runner, shown, done, finish: () => finish(), at, last };
  }

  it('shows a new stage at once and the updates within it at most every 250 ms, the last one kept', async () => {
    const { runner, shown, done, finish, at, last } = setUp();
    expect(last()).toEqual({ label: 'Segment', fraction: null, cancellable: true });
    // A new stage, shown at once.
    const stage = (label: string, fraction: number) => {
      runner.progress({ label, fraction, detail: 'loading the model' });
      expect(last()).toMatchObject({ label, fraction, detail: 'loading the model' });
    };
    stage('Segmenting with A (1 of 2)', 0);
    at(20);
    runner.progress({ fraction: 0.125, detail: '25 %' });
    at(40);
    runner.progress({ fraction: 0.25, detail: '50 %' });
    // Held: 40 ms after the stage was shown.
    expect(last()).toMatchObject({ fraction: 0, detail: 'loading the model' });
    at(249);
    expect(last()).toMatchObject({ fraction: 0 });
    at(250);
    expect(last()).toMatchObject({ label: 'Segmenting with A (1 of 2)', fraction: 0.25, detail: '50 %' });
    // After a quiet interval an update is shown at once.
    at(600);
    runner.progress({ fraction: 0.375, detail: '75 %' });
    expect(last()).toMatchObject({ fraction: 0.375, detail: '75 %' });
    // A held update is dropped when the next stage starts, which is shown at once.
    at(610);
    runner.progress({ fraction: 0.5, detail: '100 %' });
    at(620);
    stage('Segmenting with B (2 of 2)', 0.5);
    at(2000);
    expect(last()).toMatchObject({ label: 'Segmenting with B (2 of 2)', detail: 'loading the model' });
    // Held when the task ends: the panel is not busy again afterwards.
    runner.progress({ fraction: 0.75, detail: '50 %' });
    at(2010);
    runner.progress({ fraction: 0.875, detail: '75 %' });
    finish();
    await expect(done).resolves.toBe(true);
    at(5000);
    expect(last()).toBeNull();
    expect(shown.map((b) => (b ? `${b.label} ${b.fraction} ${b.detail ?? ''}`.trim() : null))).toEqual([
      null,
      'Segment null',
      'Segmenting with A (1 of 2) 0 loading the model',
      'Segmenting with A (1 of 2) 0.25 50 %',
      'Segmenting with A (1 of 2) 0.375 75 %',
      'Segmenting with B (2 of 2) 0.5 loading the model',
      'Segmenting with B (2 of 2) 0.75 50 %',
      null,
    ]);
  });

  it('does nothing without a running task', () => {
    const store = new PanelStore();
    const runner = new TaskRunner(
      store,
      () => undefined,
      () => 0,
    );
    runner.progress({ label: 'Segmenting', fraction: 0.5 });
    jest.advanceTimersByTime(1000);
    expect(store.get().busy).toBeNull();
  });
});

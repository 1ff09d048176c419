import { followViewedSlice, NEW_IMAGE_EVENTS } from '../../src/controller/slice-follow';

describe('followViewedSlice', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("calls back once after a scroll's burst of new-image events, and stops when unsubscribed", () => {
    const target = new EventTarget();
    const settled = jest.fn();
    const stop = followViewedSlice(target, settled, 250);
    for (let i = 0; i < 10; i++) {
      target.dispatchEvent(new Event(NEW_IMAGE_EVENTS[i % 2]));
      jest.advanceTimersByTime(100);
    }
    expect(settled).not.toHaveBeenCalled();
    jest.advanceTimersByTime(250);
    expect(settled).toHaveBeenCalledTimes(1);
    stop();
    target.dispatchEvent(new Event(NEW_IMAGE_EVENTS[0]));
    jest.advanceTimersByTime(1000);
    expect(settled).toHaveBeenCalledTimes(1);
  });

  it('ignores other events', () => {
    const target = new EventTarget();
    const settled = jest.fn();
    followViewedSlice(target, settled, 10);
    target.dispatchEvent(new Event('CORNERSTONE_CAMERA_MODIFIED'));
    jest.advanceTimersByTime(100);
    expect(settled).not.toHaveBeenCalled();
  });
});

// The panel store: listeners see every change, and only changed fields are new objects.
import { PanelStore } from '../../src/panel/store';

describe('PanelStore', () => {
  it('notifies subscribers immediately and on every change, and stops after unsubscribe', () => {
    const store = new PanelStore();
    const seen: (string | null)[] = [];
    const off = store.subscribe((s) => seen.push(s.message?.text ?? null));
    store.set({ message: { kind: 'info', text: 'a' } });
    store.set((s) => ({ message: { kind: 'info', text: `${s.message?.text}b` } }));
    off();
    store.set({ message: null });
    expect(seen).toEqual([null, 'a', 'ab']);
  });
  it('keeps untouched fields identical so views can compare by reference', () => {
    const store = new PanelStore();
    const before = store.get();
    store.set({ canStore: true });
    expect(store.get().fineTune).toBe(before.fineTune);
    expect(store.get()).not.toBe(before);
    expect(store.get().canStore).toBe(true);
  });
});

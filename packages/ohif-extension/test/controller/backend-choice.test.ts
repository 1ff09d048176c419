import {
  BACKEND_CHOICE_KEY,
  checkChoice,
  initOptions,
  readChoice,
  saveChoice,
} from '../../src/controller/backend-choice';

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('backend choice', () => {
  it('is auto by default and remembers what the user chose in this browser', () => {
    const storage = memory();
    expect(readChoice('', storage)).toEqual({ backend: 'auto', threads: 'auto' });
    saveChoice({ backend: 'wasm', threads: 1 }, storage);
    expect(JSON.parse(storage.data.get(BACKEND_CHOICE_KEY)!)).toEqual({ backend: 'wasm', threads: 1 });
    expect(readChoice('?StudyInstanceUIDs=1.2', storage)).toEqual({ backend: 'wasm', threads: 1 });
  });

  it('takes ?seglensBackend= and ?seglensThreads= over the stored choice, and ignores invalid values', () => {
    const storage = memory({ [BACKEND_CHOICE_KEY]: JSON.stringify({ backend: 'cpu', threads: 2 }) });
    expect(readChoice('?seglensBackend=webgl&seglensThreads=1', storage)).toEqual({
      backend: 'webgl',
      threads: 1,
    });
    expect(readChoice('?seglensBackend=cuda&seglensThreads=0', storage)).toEqual({
      backend: 'cpu',
      threads: 2,
    });
    expect(readChoice('', memory({ [BACKEND_CHOICE_KEY]: '{not json' }))).toEqual({
      backend: 'auto',
      threads: 'auto',
    });
  });

  it('rejects a bad choice naming the field and the value', () => {
    expect(() => checkChoice({ backend: 'cuda' as never, threads: 'auto' })).toThrow(
      'backend must be auto or one of webgpu, webgl, wasm, cpu, got "cuda"',
    );
    expect(() => checkChoice({ backend: 'wasm', threads: 0 })).toThrow(
      'threads must be auto or a whole number from 1 to 64, got 0',
    );
    expect(checkChoice({ backend: 'wasm', threads: 3 })).toEqual({ backend: 'wasm', threads: 3 });
  });

  it("turns a choice into the worker's init options", () => {
    expect(initOptions({ backend: 'auto', threads: 'auto' })).toEqual({
      prefer: undefined,
      threads: undefined,
    });
    expect(initOptions({ backend: 'wasm', threads: 1 })).toEqual({ prefer: 'wasm', threads: 1 });
  });
});

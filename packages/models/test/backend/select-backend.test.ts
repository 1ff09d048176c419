import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, defaultBackendOrder } from '../../src/backend';

describe('selectBackend in Node', () => {
  it('chooses wasm and installs the fast kernels', async () => {
    const s = await selectBackend();
    expect(s).toMatchObject({ name: 'wasm', environment: 'node', skipped: [] });
    expect(tf.getBackend()).toBe('wasm');
    expect(s.fastKernels).toContain('wasm/Conv2DBackpropFilter');
    // the wasm backend really runs: 3x3 valid conv of ones over ones sums 9 taps
    expect(tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'valid').dataSync()[0]).toBe(9);
  });

  it('lets the caller force cpu', async () => {
    expect((await selectBackend({ force: 'cpu' })).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('explains why a preferred browser backend was skipped', async () => {
    const s = await selectBackend({ prefer: 'webgpu' });
    expect(s.name).toBe('wasm');
    expect(s.skipped).toEqual([{ name: 'webgpu', reason: expect.stringMatching(/needs a browser/) }]);
  });

  it('fails clearly when a forced backend is unavailable, naming it', async () => {
    await expect(selectBackend({ force: 'webgpu' })).rejects.toThrow(/forced backend 'webgpu' is not available/);
    await expect(selectBackend({ force: 'tpu' as 'cpu' })).rejects.toThrow(/force must be one of webgpu, webgl, wasm, cpu, got 'tpu'/);
  });

  it('orders backends fastest first', () => {
    expect(defaultBackendOrder('browser')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(defaultBackendOrder('node')).toEqual(['wasm', 'cpu']);
  });
});

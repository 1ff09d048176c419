// The build-time fixes to OHIF's prebuilt app, on the @ohif/app this repository installs: which chunks they
// touch, that nothing else in them changes, and what the patched SegmentationRenderingEngine (OHIF's own
// class, run here with a stand-in for the animation frame) draws against the original.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  patchChunk,
  SEGMENTATION_RENDER_QUEUE,
  writeOhifPatches,
  type OhifPatch,
} from '../src/build/ohif-patches';
import { ohifDistDir } from '../src/paths';

const ohifDir = ohifDistDir();

async function chunksHolding(marker: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of (await readdir(ohifDir)).filter((n) => n.endsWith('.js')).sort())
    if ((await readFile(path.join(ohifDir, name), 'utf8')).includes(marker)) names.push(name);
  return names;
}

/** The text of `class <name> { ... }` in a chunk, by matching its braces. */
function classSource(chunk: string, name: string): string {
  const start = chunk.indexOf(`class ${name} {`);
  if (start < 0) throw new Error(`no class ${name}`);
  let depth = 0;
  for (let i = chunk.indexOf('{', start); i < chunk.length; i++) {
    if (chunk[i] === '{') depth++;
    else if (chunk[i] === '}' && --depth === 0) return chunk.slice(start, i + 1);
  }
  throw new Error(`class ${name} does not end`);
}

interface Engine {
  renderSegmentationsForViewport(viewportId: string): void;
  _triggerRender(viewportId: string): void;
}

/**
 * Runs OHIF's SegmentationRenderingEngine from `chunk`: the requests of `steps` (each a list of viewport ids,
 * or 'frame' for an animation frame), then frames until none is pending. Returns the viewports drawn, per frame.
 */
function drawsOf(chunk: string, steps: Array<string[] | 'frame'>): string[][] {
  let callbacks: Array<() => void> = [];
  const window = { requestAnimationFrame: (cb: () => void) => callbacks.push(cb) };
  const Engine = new Function('window', `return ${classSource(chunk, 'SegmentationRenderingEngine')}`)(
    window,
  ) as new () => Engine;
  const engine = new Engine();
  const frames: string[][] = [];
  engine._triggerRender = (id) => frames[frames.length - 1].push(id);
  const frame = () => {
    const due = callbacks;
    callbacks = [];
    frames.push([]);
    for (const cb of due) cb();
  };
  for (const step of steps) {
    if (step === 'frame') frame();
    else for (const id of step) engine.renderSegmentationsForViewport(id);
  }
  for (let i = 0; i < 100 && callbacks.length > 0; i++) frame();
  if (callbacks.length > 0) throw new Error('frames still pending after 100');
  return frames;
}

describe('OHIF patches', () => {
  it('patches exactly the chunks that hold a SegmentationRenderingEngine, and nothing else in them', async () => {
    const holding = await chunksHolding(SEGMENTATION_RENDER_QUEUE.marker);
    // @ohif/app 3.13.2 bundles Cornerstone Tools' renderer three times.
    expect(holding).toHaveLength(3);
    const out = await mkdtemp(path.join(tmpdir(), 'seglens-ohif-patches-'));
    try {
      expect(await writeOhifPatches(ohifDir, out)).toEqual(holding);
      expect((await readdir(out)).sort()).toEqual(holding);
      for (const name of holding) {
        const original = await readFile(path.join(ohifDir, name), 'utf8');
        const patched = await readFile(path.join(out, name), 'utf8');
        expect(patched).not.toBe(original);
        expect(patched.replace(SEGMENTATION_RENDER_QUEUE.replace, SEGMENTATION_RENDER_QUEUE.find)).toBe(
          original,
        );
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('draws a viewport once after a frame, however many requests came while it was pending', async () => {
    const [name] = await chunksHolding(SEGMENTATION_RENDER_QUEUE.marker);
    const original = await readFile(path.join(ohifDir, name), 'utf8');
    const patched = patchChunk(name, original)!.text;
    // A press of Segment: one request, then 12 more (the segmentation events of two new labelmaps) while the
    // first frame is pending.
    const press: Array<string[] | 'frame'> = [['vp'], ...Array.from({ length: 12 }, () => ['vp'])];
    expect(drawsOf(original, press)).toEqual(Array.from({ length: 13 }, () => ['vp']));
    expect(drawsOf(patched, press)).toEqual([['vp'], ['vp']]);
    // Two viewports: everything asked for while a frame is pending is drawn in the frame after, each once.
    const two: Array<string[] | 'frame'> = [['a'], ['b'], ['a'], ['b'], 'frame', ['a']];
    expect(drawsOf(original, two)).toEqual([['a'], ['b'], ['a'], ['b'], ['a']]);
    expect(drawsOf(patched, two)).toEqual([['a'], ['b', 'a'], ['a']]);
    // Nothing pending: each request is its own frame, as before.
    const apart: Array<string[] | 'frame'> = [['a'], 'frame', ['a'], 'frame'];
    expect(drawsOf(patched, apart)).toEqual(drawsOf(original, apart));
  });

  it('names the chunk and the patch when OHIF does not hold the text to replace', () => {
    const patch: OhifPatch = { name: 'p', marker: 'class X', find: 'a = 1;', replace: 'a = 2;' };
    expect(patchChunk('1.js', 'class X {} a = 1;', [patch])).toEqual({
      text: 'class X {} a = 2;',
      applied: ['p'],
    });
    expect(patchChunk('2.js', 'nothing to patch', [patch])).toBeNull();
    expect(() => patchChunk('3.js', 'class X { a = 3; }', [patch])).toThrow(
      '3.js: OHIF\'s code for the patch "p" is not as expected (its text is found nowhere)',
    );
    expect(() => patchChunk('4.js', 'class X { a = 1; a = 1; }', [patch])).toThrow('found more than once');
  });

  it('fails when a patch applies to no chunk of the app', async () => {
    const patch: OhifPatch = { name: 'gone', marker: 'class NoSuchClass', find: 'x', replace: 'y' };
    const out = await mkdtemp(path.join(tmpdir(), 'seglens-ohif-patches-'));
    try {
      await expect(writeOhifPatches(ohifDir, out, [patch])).rejects.toThrow(
        `${ohifDir}: no chunk of OHIF's app holds the code of the patch "gone"`,
      );
      expect(await readdir(out)).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

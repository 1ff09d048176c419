// Fixes to OHIF's prebuilt app, applied at build time to copies of its chunks that the viewer's dist/ serves in
// place of OHIF's own (the server looks in dist/ first; @ohif/app is pinned exactly). Each patch names the exact
// text it replaces: a chunk that has the patched code's marker but not that text fails the build, naming the
// file, so an OHIF upgrade can never run with a half-applied or silently skipped patch.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeIfChanged } from './fs-steps';

export interface OhifPatch {
  name: string;
  /** Text that identifies a chunk holding the code to patch (each such chunk must then hold `find` once). */
  marker: string;
  find: string;
  replace: string;
}

/**
 * Cornerstone Tools' SegmentationRenderingEngine (in @ohif/app 3.13.2's three copies of it) queues one full
 * redraw of the viewports per segmentation event that comes while a frame is pending, and draws them one frame
 * at a time without merging: a press of Segment (two new labelmaps: 12 segmentation events) drew the viewport
 * 10 times in the 6 s after it, each 0.5-0.6 s of the page at 1920x1080 on a software GPU. Scrolling a series
 * with labelmaps grows the queue the same way (cornerstone3D pull request 2674, closed unmerged). Here every
 * request made while a frame is pending joins one pending set of viewports, drawn once in the frame after: the
 * same viewports are drawn with the same data after the last request, without the repeats.
 */
export const SEGMENTATION_RENDER_QUEUE: OhifPatch = {
  name: 'segmentation render queue coalesced',
  marker: 'class SegmentationRenderingEngine',
  find: [
    '        if (this._animationFrameSet) {',
    '            this._pendingRenderQueue.push(viewportIds);',
    '            return;',
    '        }',
  ].join('\n'),
  replace: [
    '        if (this._animationFrameSet) {',
    '            /* seglens: one pending set, not one redraw per request (apps/viewer/src/build/ohif-patches.ts) */',
    '            const pending = this._pendingRenderQueue[0];',
    '            if (pending) { for (const id of viewportIds) if (!pending.includes(id)) pending.push(id); }',
    '            else this._pendingRenderQueue.push([...viewportIds]);',
    '            return;',
    '        }',
  ].join('\n'),
};

export const OHIF_PATCHES: readonly OhifPatch[] = [SEGMENTATION_RENDER_QUEUE];

/**
 * `text` (the chunk `file`) with every patch whose marker it holds applied, and the names of those patches;
 * `null` when no marker is in it. Throws, naming the file and the patch, when a marked chunk does not hold the
 * patch's text exactly once.
 */
export function patchChunk(
  file: string,
  text: string,
  patches: readonly OhifPatch[] = OHIF_PATCHES,
): { text: string; applied: string[] } | null {
  let out = text;
  const applied: string[] = [];
  for (const patch of patches) {
    if (!out.includes(patch.marker)) continue;
    const at = out.indexOf(patch.find);
    if (at < 0 || out.indexOf(patch.find, at + 1) >= 0) {
      throw new Error(
        `${file}: OHIF's code for the patch "${patch.name}" is not as expected (its text is found ` +
          `${at < 0 ? 'nowhere' : 'more than once'}); @ohif/app must be the exact version package.json pins`,
      );
    }
    out = out.slice(0, at) + patch.replace + out.slice(at + patch.find.length);
    applied.push(patch.name);
  }
  return applied.length > 0 ? { text: out, applied } : null;
}

/**
 * Writes a patched copy of each of OHIF's chunks (the .js files of `ohifDir`) that a patch applies to into
 * `outDir` under the same name, and returns those names. Fails when a patch applies to no chunk at all.
 */
export async function writeOhifPatches(
  ohifDir: string,
  outDir: string,
  patches: readonly OhifPatch[] = OHIF_PATCHES,
): Promise<string[]> {
  const written: string[] = [];
  const used = new Set<string>();
  for (const name of (await readdir(ohifDir)).filter((n) => n.endsWith('.js')).sort()) {
    const patched = patchChunk(name, await readFile(path.join(ohifDir, name), 'utf8'), patches);
    if (!patched) continue;
    await writeIfChanged(path.join(outDir, name), patched.text);
    for (const p of patched.applied) used.add(p);
    written.push(name);
  }
  const unused = patches.filter((p) => !used.has(p.name)).map((p) => `"${p.name}"`);
  if (unused.length > 0)
    throw new Error(`${ohifDir}: no chunk of OHIF's app holds the code of the patch ${unused.join(', ')}`);
  return written;
}

/**
 * Whether `listFile` (the build's ohif-patches.json) lists patched chunks that are all in `outDir`. A chunk deleted
 * by hand would otherwise be served from OHIF's folder, unpatched, until the next forced build.
 */
export function patchesInPlace(outDir: string, listFile: string): boolean {
  try {
    const { chunks } = JSON.parse(readFileSync(listFile, 'utf8')) as { chunks?: unknown };
    return (
      Array.isArray(chunks) && chunks.every((c) => typeof c === 'string' && existsSync(path.join(outDir, c)))
    );
  } catch {
    return false;
  }
}

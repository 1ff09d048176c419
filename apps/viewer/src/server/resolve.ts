// Maps a URL path onto a file inside a root folder without ever leaving it: the path is split into segments
// before decoding (so %2F cannot join segments), every decoded segment must be a plain name (no "..", ".",
// NUL, slashes or backslashes; hidden names are refused too), and the result must still lie inside the root
// once symbolic links are resolved.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type Resolved =
  { kind: 'file'; path: string; size: number } | { kind: 'missing' } | { kind: 'forbidden'; reason: string };

/** The decoded segments of a URL path, or a reason it is refused. */
export function pathSegments(urlPath: string): string[] | { refused: string } {
  const raw = urlPath.split('/').filter((s) => s !== '');
  const segments: string[] = [];
  for (const r of raw) {
    let s: string;
    try {
      s = decodeURIComponent(r);
    } catch {
      return { refused: `bad percent-encoding in "${r}"` };
    }
    if (s === '..' || s === '.') return { refused: 'the path leaves its folder' };
    if (/[/\\\0]/.test(s)) return { refused: 'a path segment holds a slash, backslash or NUL' };
    segments.push(s);
  }
  return segments;
}

/** The file `segments` names inside `root` (hidden names count as missing), checked after resolving links. */
export async function resolveInside(root: string, segments: string[]): Promise<Resolved> {
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };
  const candidate = path.join(root, ...segments);
  try {
    const real = await realpath(candidate);
    const realRoot = await realpath(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      return { kind: 'forbidden', reason: 'the path resolves outside its folder' };
    }
    const s = await stat(real);
    return s.isFile() ? { kind: 'file', path: real, size: s.size } : { kind: 'missing' };
  } catch {
    return { kind: 'missing' };
  }
}

// Shared by the CLI tests: in-memory streams, temporary folders, and tiny models trained through the CLI
// itself on a few real cases (hippocampus MR volumes, PolypGen frames) in a few seconds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIo } from '../src/io';
import { MemoryStream } from '../src/io';
import { runCli } from '../src/main';

export interface MemoryIo {
  io: CliIo;
  stdout: MemoryStream;
  stderr: MemoryStream;
}

export function memoryIo(signal?: AbortSignal): MemoryIo {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  return { io: { stdout, stderr, signal }, stdout, stderr };
}

/** Runs a command line in-process; returns the exit code and what it printed. */
export async function cli(
  argv: string[],
  signal?: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const m = memoryIo(signal);
  const code = await runCli(argv, m.io);
  return { code, stdout: m.stdout.text(), stderr: m.stderr.text() };
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'seglens-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The flags of a tiny U-Net that learns something on hippocampus slices in two epochs. Seed 1, not 0: TF.js
 * initialisers take a seed of 0 as "no seed", which makes runs with seed 0 differ from one process to the next.
 */
export const TINY = [
  '--size',
  '32',
  '--depth',
  '3',
  '--base-filters',
  '8',
  '--lr',
  '5e-3',
  '--batch-size',
  '8',
  '--seed',
  '1',
  '--quiet',
];

/** Trains a tiny hippocampus model on the first `limit` cases; returns its --out folder. */
export async function trainHippocampus(out: string, loss: string, limit = 6, epochs = 2): Promise<string> {
  const r = await cli([
    'train',
    '--dataset',
    'hippocampus',
    '--loss',
    loss,
    '--limit',
    String(limit),
    '--epochs',
    String(epochs),
    '--out',
    out,
    ...TINY,
  ]);
  if (r.code !== 0) throw new Error(`training the test model failed (${r.code}): ${r.stderr}`);
  return out;
}

/** Trains a tiny RGB polyp model on a few PolypGen frames; returns its --out folder. */
export async function trainPolyp(out: string): Promise<string> {
  const r = await cli([
    'train',
    '--dataset',
    'polyp',
    '--loss',
    'dice',
    '--limit',
    '4',
    '--epochs',
    '1',
    '--out',
    out,
    '--size',
    '32',
    '--depth',
    '3',
    '--base-filters',
    '4',
    '--batch-size',
    '4',
    '--seed',
    '1',
    '--quiet',
  ]);
  if (r.code !== 0) throw new Error(`training the polyp test model failed (${r.code}): ${r.stderr}`);
  return out;
}

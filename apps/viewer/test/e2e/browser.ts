// Debian's headless Chromium driven by playwright-core (it downloads no browser of its own), with the flags
// measured to work on this kind of machine, a fresh profile per launch, and downloads accepted (the DICOM SEG
// export is a download). `webgpu` adds --enable-unsafe-webgpu: WebGPU then runs on SwiftShader, no GPU needed.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The flags are shared with the other browser tests and benchmarks (tools/chromium-flags.json). */
const chromiumFlags = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'tools', 'chromium-flags.json'), 'utf8'),
) as { executablePath: string; args: string[]; webgpu: string };

const CHROMIUM = chromiumFlags.executablePath;
const FLAGS = chromiumFlags.args;

/** Screenshots of every step land here (kept after the run, ignored by git). */
export const ARTIFACTS = resolve(__dirname, '..', '..', 'e2e-artifacts');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page, for the failure message. */
  errors: string[];
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** The two screens the panel must work on: a desktop monitor and a small laptop. */
export const DESKTOP = { width: 1920, height: 1080 };
export const LAPTOP = { width: 1366, height: 768 };

export async function openBrowser(options: {
  webgpu: boolean;
  viewport?: { width: number; height: number };
}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing; install Debian's chromium package (.ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'seglens-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: options.viewport ?? DESKTOP,
    args: options.webgpu ? [...FLAGS, chromiumFlags.webgpu] : FLAGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text().slice(0, 400)}`);
  });
  return {
    context,
    page,
    errors,
    shot: async (name) => {
      const file = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

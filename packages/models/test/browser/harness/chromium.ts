// Debian's headless Chromium driven by playwright-core (which downloads no browser of its own), with the flags
// measured to work on this kind of machine: no sandbox (containers), no background network traffic, and a
// fresh profile per launch. WebGPU needs --enable-unsafe-webgpu; it then runs on SwiftShader (no GPU here).
import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The flags are shared with the other browser tests and benchmarks (tools/chromium-flags.json). */
const chromiumFlags = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'tools', 'chromium-flags.json'), 'utf8'),
) as { executablePath: string; args: string[]; webgpu: string };

export const CHROMIUM = chromiumFlags.executablePath;
const FLAGS = chromiumFlags.args;

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: { webgpu: boolean }): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `launchChromium: ${CHROMIUM} is missing; install Debian's chromium package (.ci/run does)`,
    );
  }
  // Playwright passes --user-data-dir itself; a persistent context in a new temporary folder is the fresh
  // profile, and deleting the folder afterwards leaves nothing behind.
  const profile = await mkdtemp(join(tmpdir(), 'seglens-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: options.webgpu ? [...FLAGS, chromiumFlags.webgpu] : FLAGS,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

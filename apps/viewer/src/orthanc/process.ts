// Runs Orthanc as a child process: a generated configuration in a temporary folder (which also holds its
// storage), waits until its REST API and DICOMweb plugin answer, and stops it again (SIGTERM, then SIGKILL)
// removing the folder. If the viewer's process dies first, Orthanc is killed with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DICOMWEB_PROXY_PATH } from '../contracts';
import { orthancConfig } from './config';
import { INSTALL_HINT, locateOrthanc, type OrthancInstall } from './locate';

export interface OrthancOptions {
  /** HTTP port; default a free one. */
  port?: number;
  install?: Partial<OrthancInstall>;
  /** How long to wait for Orthanc to answer (ms). Default 30000. */
  startTimeoutMs?: number;
}

export interface RunningOrthanc {
  port: number;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Folder with the configuration and the storage (removed by stop()). */
  workDir: string;
  stop(): Promise<void>;
}

/** A TCP port that is free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function status(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startOrthanc(options: OrthancOptions = {}): Promise<RunningOrthanc> {
  const install = locateOrthanc(options.install);
  const port = options.port ?? (await freePort());
  const workDir = await mkdtemp(path.join(tmpdir(), 'seglens-orthanc-'));
  const configFile = path.join(workDir, 'orthanc.json');
  const config = orthancConfig({
    httpPort: port,
    storageDir: path.join(workDir, 'storage'),
    dicomWebPlugin: install.dicomWebPlugin,
  });
  await writeFile(configFile, JSON.stringify(config, null, 2));

  const child = spawn(install.binary, [configFile], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  // The last lines of Orthanc's log, for the error message when it does not come up.
  const logTail: string[] = [];
  const keep = (chunk: Buffer): void => {
    logTail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    logTail.splice(0, Math.max(0, logTail.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(workDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30000);
  const fail = async (problem: string): Promise<never> => {
    await stop();
    throw new Error(`Orthanc (${install.binary}, HTTP port ${port}) ${problem}\n${logTail.join('\n')}`);
  };
  for (;;) {
    if (spawnError) return fail(`could not be started: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      return fail(`exited during start-up (code ${child.exitCode ?? child.signalCode}); its log:`);
    }
    if ((await status(`${url}/system`)) === 200) break;
    if (Date.now() > deadline) return fail('did not answer in time; its log:');
    await sleep(100);
  }
  const dicomWeb = await status(`${url}${DICOMWEB_PROXY_PATH}/studies`);
  if (dicomWeb !== 200) {
    return fail(
      `answers, but its DICOMweb plugin does not (GET ${DICOMWEB_PROXY_PATH}/studies: ${dicomWeb}); ${INSTALL_HINT}`,
    );
  }
  return { port, url, workDir, stop };
}

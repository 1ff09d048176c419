// Runs Orthanc for the viewer: a generated configuration (with credentials made up for this run) in a private
// temporary folder that also holds its storage, started through bin/orthanc-supervisor.cjs so that Orthanc
// stops and the folder goes away whenever the viewer's process ends, however it ends. startOrthanc waits until
// Orthanc's REST API and DICOMweb plugin answer; stop() closes the supervisor's pipe and waits for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DICOMWEB_PROXY_PATH } from '../contracts';
import { APP_DIR } from '../paths';
import { orthancConfig, type OrthancCredentials } from './config';
import { INSTALL_HINT, locateOrthanc, type OrthancInstall } from './locate';
import { LOCK_FILE, sweepStaleWorkDirs, WORK_DIR_PREFIX } from './sweep';

export const SUPERVISOR = path.join(APP_DIR, 'bin', 'orthanc-supervisor.cjs');

export interface OrthancOptions {
  /** HTTP port; default a free one. */
  port?: number;
  /** DICOM (DIMSE) port for modalities to send to; default none: the DICOM network service stays off. */
  dicomPort?: number;
  install?: Partial<OrthancInstall>;
  /** How long to wait for Orthanc to answer (ms). Default 30000. */
  startTimeoutMs?: number;
  /** Where the work folder is made (default the system's temporary folder); stale ones there are swept. */
  workRoot?: string;
}

export interface RunningOrthanc {
  port: number;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The Authorization header Orthanc wants (HTTP Basic with this run's credentials). Never logged. */
  authorization: string;
  /** DICOM port when the DICOM network service is on. */
  dicomPort?: number;
  /** Folder with the configuration and the storage (mode 0700, removed by stop() or by the supervisor). */
  workDir: string;
  /** Process ids of Orthanc's supervisor and of Orthanc (undefined until it started). */
  pids: { supervisor?: number; orthanc?: number };
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

async function status(url: string, authorization: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(2000) });
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

/** Fresh credentials: nothing but this process (and Orthanc) ever knows them. */
export function newCredentials(): OrthancCredentials {
  return {
    username: `seglens-${randomBytes(4).toString('hex')}`,
    password: randomBytes(24).toString('base64url'),
  };
}

export function basicAuthorization(credentials: OrthancCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export async function startOrthanc(options: OrthancOptions = {}): Promise<RunningOrthanc> {
  const install = locateOrthanc(options.install);
  const port = options.port ?? (await freePort());
  const workRoot = options.workRoot ?? tmpdir();
  await sweepStaleWorkDirs(workRoot);
  // mkdtemp makes the folder readable by this user only (0700): the configuration holds the credentials.
  const workDir = await mkdtemp(path.join(workRoot, WORK_DIR_PREFIX));
  const lockFile = path.join(workDir, LOCK_FILE);
  await writeFile(lockFile, `${JSON.stringify({ viewer: process.pid })}\n`, { mode: 0o600 });
  const credentials = newCredentials();
  const authorization = basicAuthorization(credentials);
  const configFile = path.join(workDir, 'orthanc.json');
  const config = orthancConfig({
    httpPort: port,
    dicomPort: options.dicomPort,
    storageDir: path.join(workDir, 'storage'),
    temporaryDir: path.join(workDir, 'tmp'),
    dicomWebPlugin: install.dicomWebPlugin,
    credentials,
  });
  await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });

  // detached: a Ctrl+C in the terminal reaches the viewer only, which then stops Orthanc in order.
  const child = spawn(process.execPath, [SUPERVISOR, workDir, lockFile, install.binary, configFile], {
    cwd: workDir,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const pids: RunningOrthanc['pids'] = { supervisor: child.pid };
  // The last lines of Orthanc's log, for the error message when it does not come up.
  const logTail: string[] = [];
  const keep = (chunk: Buffer): void => {
    logTail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    logTail.splice(0, Math.max(0, logTail.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // The pipe breaks when the supervisor is gone; that is what stop() waits for anyway.
  child.stdin?.on('error', () => undefined);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async (): Promise<void> => {
    child.stdin?.end();
    if (child.exitCode === null && child.signalCode === null) {
      // The supervisor gives Orthanc 5 s after SIGTERM; this is the fallback if the supervisor hangs.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
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
    if ((await status(`${url}/system`, authorization)) === 200) break;
    if (Date.now() > deadline) return fail('did not answer in time; its log:');
    await sleep(100);
  }
  const dicomWeb = await status(`${url}${DICOMWEB_PROXY_PATH}/studies`, authorization);
  if (dicomWeb !== 200) {
    return fail(
      `answers, but its DICOMweb plugin does not (GET ${DICOMWEB_PROXY_PATH}/studies: ${dicomWeb}); ${INSTALL_HINT}`,
    );
  }
  pids.orthanc = await orthancPid(lockFile);
  return { port, url, authorization, dicomPort: options.dicomPort, workDir, pids, stop };
}

/** Orthanc's pid, which the supervisor writes into the lock file once Orthanc is spawned. */
async function orthancPid(lockFile: string): Promise<number | undefined> {
  try {
    const lock = JSON.parse(await readFile(lockFile, 'utf8')) as { orthanc?: number | null };
    return lock.orthanc ?? undefined;
  } catch {
    return undefined;
  }
}

import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createVolume, readDicomFolder, writeDicomSeg, type OhifManifest } from '@seglens/data';
import type { DemoIndex } from '../src/contracts';
import { findOnPath } from '../src/orthanc/locate';
import { startOrthanc } from '../src/orthanc/process';
import { isAlive, LOCK_FILE, WORK_DIR_PREFIX } from '../src/orthanc/sweep';
import { APP_DIR } from '../src/paths';
import { ISOLATION_HEADERS, startViewer, type RunningViewer } from '../src/server';
import { buildFixtureViewer, rawGet, type BuiltViewer } from './helpers';

const STUDY_INSTANCE_UID = '0020000D';
const PATIENT_ID = '00100020';
const NUMBER_OF_INSTANCES = '00201208';
const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms for up to `ms`; its last result. */
async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await check()) return true;
  return check();
}

interface QidoStudy {
  [tag: string]: { vr: string; Value?: unknown[] } | undefined;
}

let viewer: BuiltViewer;
let server: RunningViewer;
let index: DemoIndex;
beforeAll(async () => {
  viewer = await buildFixtureViewer();
  server = await startViewer({ port: 0, distDir: viewer.outDir, orthanc: true });
  index = JSON.parse((await rawGet(server.port, '/demo/index.json')).body.toString()) as DemoIndex;
}, 120000);
afterAll(async () => {
  await server?.close();
  await viewer?.cleanup();
});

describe('Orthanc mode', () => {
  it('uploads every demo study: QIDO-RS through the proxy lists their UIDs and instance counts', async () => {
    expect(server.mode).toBe('orthanc');
    const response = await fetch(new URL('/dicomweb/studies?includefield=00201208', server.url));
    expect(response.status).toBe(200);
    const studies = (await response.json()) as QidoStudy[];
    const found = new Map(
      studies.map((s) => [s[STUDY_INSTANCE_UID]?.Value?.[0], Number(s[NUMBER_OF_INSTANCES]?.Value?.[0])]),
    );
    expect([...found.keys()].sort()).toEqual(index.studies.map((s) => s.studyInstanceUID).sort());
    let total = 0;
    for (const study of index.studies) {
      const manifest = (await (await fetch(new URL(study.manifest, server.url))).json()) as OhifManifest;
      expect([study.id, found.get(study.studyInstanceUID)]).toEqual([
        study.id,
        manifest.studies[0].NumInstances,
      ]);
      total += manifest.studies[0].NumInstances;
    }
    expect(server.orthanc?.instances).toBe(total);
  });

  it('serves the same app with the DICOMweb config, and OHIF (not the landing page) at /', async () => {
    const config = await (await fetch(new URL('/app-config.js', server.url))).text();
    expect(config).toContain('"defaultDataSourceName": "dicomweb"');
    const root = await (await fetch(server.url)).text();
    expect(root).not.toContain('seglens viewer');
    expect(root).toContain('app-config.js');
  });

  it("keeps Orthanc's metadata links pointing at the viewer, so OHIF fetches pixel data through the proxy", async () => {
    const ct = index.studies.find((s) => s.id === 'ct-abdomen');
    const metadata = await (
      await fetch(new URL(`/dicomweb/studies/${ct?.studyInstanceUID}/metadata`, server.url))
    ).text();
    const links = [...metadata.matchAll(/"BulkDataURI"\s*:\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(20);
    for (const link of links)
      expect(link.startsWith(`${server.url}dicomweb/studies/${ct?.studyInstanceUID}/`)).toBe(true);
    const pixels = await fetch(links[0]);
    expect(pixels.status).toBe(200);
    expect((await pixels.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('stops Orthanc and removes its storage when the viewer closes', async () => {
    const orthancUrl = server.orthanc?.url as string;
    // 401: Orthanc answers, and wants the credentials only the viewer has.
    expect((await fetch(`${orthancUrl}/system`)).status).toBe(401);
    const other = await startViewer({ port: 0, distDir: viewer.outDir, orthanc: true });
    const otherOrthanc = other.orthanc?.url as string;
    const otherWorkDir = other.orthanc?.workDir as string;
    expect(existsSync(otherWorkDir)).toBe(true);
    await other.close();
    await expect(fetch(`${otherOrthanc}/system`)).rejects.toThrow();
    expect(existsSync(otherWorkDir)).toBe(false);
    expect((await fetch(`${orthancUrl}/system`)).status).toBe(401);
  }, 120000);
});

describe('Orthanc errors and the proxy', () => {
  it('says how to install Orthanc when its binary is missing', async () => {
    await expect(startOrthanc({ install: { binary: '/nonexistent/Orthanc' } })).rejects.toThrow(
      'apt-get install orthanc orthanc-dicomweb',
    );
    await expect(
      startOrthanc({
        install: { binary: process.execPath, dicomWebPlugin: '/nonexistent/libOrthancDicomWeb.so' },
      }),
    ).rejects.toThrow("Orthanc's DICOMweb plugin is not installed (/nonexistent/libOrthancDicomWeb.so)");
  });
});

describe('who can reach Orthanc', () => {
  const studies = async (): Promise<QidoStudy[]> =>
    (await (
      await fetch(new URL('/dicomweb/studies?includefield=00201208', server.url))
    ).json()) as QidoStudy[];
  // Orthanc's own id of a study: SHA-1 of "PatientID|StudyInstanceUID" in five groups of eight hex digits.
  const orthancId = (s: QidoStudy): string =>
    (
      createHash('sha1')
        .update(`${String(s[PATIENT_ID]?.Value?.[0] ?? '')}|${String(s[STUDY_INSTANCE_UID]?.Value?.[0])}`)
        .digest('hex')
        .match(/.{8}/g) as string[]
    ).join('-');

  it("keeps the proxy inside DICOMweb: escapes to Orthanc's REST API are refused and change nothing", async () => {
    const before = await studies();
    expect(before).toHaveLength(index.studies.length);
    const escapes = [
      '/dicomweb/..%2fsystem',
      '/dicomweb/..%2Fsystem',
      '/dicomweb/%2e%2e%2fsystem',
      '/dicomweb/%2e%2e/system',
      '/dicomweb/..%252fsystem',
      '/dicomweb/..%5csystem',
      '/dicomweb/..\\system',
    ];
    for (const p of escapes) {
      const r = await rawGet(server.port, p);
      expect([p, r.status]).toEqual([p, 400]);
      expect(r.body.toString()).not.toContain('DicomAet');
    }
    for (const study of before) {
      const r = await rawGet(server.port, `/dicomweb/..%2fstudies/${orthancId(study)}`, 'DELETE');
      expect(r.status).toBe(400);
    }
    // A text/plain POST needs no CORS preflight: any web page could send it. It stored an instance.
    const file = path.join(viewer.result.dataDir, 'ct-liver-dicom-seg', 'liver.dcm');
    const post = await rawGet(
      server.port,
      '/dicomweb/..%2finstances',
      'POST',
      { 'content-type': 'text/plain' },
      await readFile(file),
    );
    expect(post.status).toBe(400);
    const stow = await rawGet(
      server.port,
      '/dicomweb/studies',
      'POST',
      { 'content-type': 'text/plain', origin: 'http://evil.example' },
      await readFile(file),
    );
    expect(stow.status).toBe(415);
    expect((await studies()).map(orthancId).sort()).toEqual(before.map(orthancId).sort());
  });

  it('sends the cross-origin isolation headers with proxied DICOMweb answers too', async () => {
    const ct = index.studies.find((s) => s.id === 'ct-abdomen');
    for (const [p, status] of [
      [`/dicomweb/studies/${ct?.studyInstanceUID}/metadata`, 200],
      ['/dicomweb/..%2fsystem', 400],
    ] as const) {
      const r = await rawGet(server.port, p);
      expect([p, r.status]).toEqual([p, status]);
      expect([p, r.headers]).toEqual([p, expect.objectContaining(ISOLATION_HEADERS)]);
    }
  });

  it('serves only the loopback names and the bound address (421 for any other Host)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1.nip.io:${server.port}`,
      '127.0.0.1',
    ]) {
      for (const p of ['/dicomweb/studies', '/data/ct-liver-dicom-seg/liver.dcm', '/']) {
        const r = await rawGet(server.port, p, 'GET', { host });
        expect([host, p, r.status]).toEqual([host, p, 421]);
      }
    }
    // A loopback name is served, and Orthanc's links follow it (so they stay same-origin for the page).
    const ct = index.studies.find((s) => s.id === 'ct-abdomen');
    const r = await rawGet(server.port, `/dicomweb/studies/${ct?.studyInstanceUID}/metadata`, 'GET', {
      host: `localhost:${server.port}`,
    });
    expect(r.status).toBe(200);
    const links = [...r.body.toString().matchAll(/"BulkDataURI"\s*:\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(20);
    expect(links.every((l) => l.startsWith(`http://localhost:${server.port}/dicomweb/studies/`))).toBe(true);
  });

  it('runs Orthanc with credentials of its own, no DICOM port and a private folder', async () => {
    const orthanc = server.orthanc!;
    for (const p of ['/system', '/studies', '/dicomweb/studies']) {
      expect([p, (await fetch(`${orthanc.url}${p}`)).status]).toEqual([p, 401]);
    }
    const guessed = `Basic ${Buffer.from('orthanc:orthanc').toString('base64')}`;
    expect((await fetch(`${orthanc.url}/system`, { headers: { authorization: guessed } })).status).toBe(401);
    expect((await stat(orthanc.workDir)).mode & 0o777).toBe(0o700);
    const configFile = path.join(orthanc.workDir, 'orthanc.json');
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    const config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      AuthenticationEnabled: true,
      RemoteAccessAllowed: false,
      DicomServerEnabled: false,
    });
    expect(String(config.StorageDirectory).startsWith(orthanc.workDir)).toBe(true);
    expect(String(config.TemporaryDirectory).startsWith(orthanc.workDir)).toBe(true);
    expect(orthanc.dicomPort).toBeUndefined();
  });

  it('answers DICOM (C-ECHO) on a DICOM port only when one is asked for, and takes its own credentials', async () => {
    const echoscu = findOnPath('echoscu');
    expect(echoscu).toBeDefined();
    const { freePort } = await import('../src/orthanc/process');
    const dicomPort = await freePort();
    const orthanc = await startOrthanc({ dicomPort });
    try {
      await expect(run(echoscu as string, ['127.0.0.1', String(dicomPort)])).resolves.toBeDefined();
      expect((await fetch(`${orthanc.url}/system`)).status).toBe(401);
      const system = await fetch(`${orthanc.url}/system`, {
        headers: { authorization: orthanc.authorization },
      });
      expect(system.status).toBe(200);
      expect(((await system.json()) as { DicomPort: number }).DicomPort).toBe(dicomPort);
    } finally {
      await orthanc.stop();
    }
    await expect(run(echoscu as string, ['127.0.0.1', String(dicomPort)])).rejects.toThrow();
  }, 60000);
});

describe('Orthanc does not outlive the viewer', () => {
  it('stops Orthanc and deletes its folder within seconds of a kill -9 of the viewer', async () => {
    const child = spawn(
      process.execPath,
      [path.join(APP_DIR, 'bin', 'viewer.cjs'), 'serve', '--orthanc', '--dist', viewer.outDir],
      { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const workDir = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        output += c.toString();
        const storage = /\(storage (\S+)\) started/.exec(output);
        if (storage && output.includes('seglens viewer: http')) resolve(storage[1]);
      });
      child.once('exit', () => reject(new Error(`exited before serving:\n${output}`)));
    });
    const lock = JSON.parse(await readFile(path.join(workDir, LOCK_FILE), 'utf8')) as {
      viewer: number;
      supervisor: number;
      orthanc: number;
    };
    expect(lock.viewer).toBe(child.pid);
    expect(isAlive(lock.orthanc)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await within(15000, () => !isAlive(lock.orthanc) && !isAlive(lock.supervisor))).toBe(true);
    expect(existsSync(workDir)).toBe(false);
  }, 120000);

  it('sweeps folders left by a viewer that is gone (killing their Orthanc) and keeps those of a living one', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'seglens-sweep-test-'));
    // A pid that no longer exists: a process that has already exited.
    const gone = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) =>
      gone.once('exit', () => resolve(gone.pid as number)),
    );
    const folder = async (name: string, lock: object): Promise<string> => {
      const dir = path.join(root, `${WORK_DIR_PREFIX}${name}`);
      await mkdir(path.join(dir, 'storage'), { recursive: true });
      await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(lock));
      return dir;
    };
    const stale = await folder('stale', { viewer: deadPid, supervisor: deadPid, orthanc: null });
    // An orphaned "Orthanc" (a process whose command line names its folder), as when the supervisor was killed.
    const orphanDir = path.join(root, `${WORK_DIR_PREFIX}orphan`);
    const orphan = spawn(process.execPath, [
      '-e',
      'setInterval(() => {}, 1000)',
      path.join(orphanDir, 'orthanc.json'),
    ]);
    await folder('orphan', { viewer: deadPid, supervisor: deadPid, orthanc: orphan.pid });
    const living = await folder('living', { viewer: process.pid });
    const orthanc = await startOrthanc({ workRoot: root });
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(orphanDir)).toBe(false);
      expect(await within(5000, () => orphan.exitCode !== null || orphan.signalCode !== null)).toBe(true);
      expect(existsSync(living)).toBe(true);
      expect(path.dirname(orthanc.workDir)).toBe(root);
    } finally {
      await orthanc.stop();
      orphan.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
    }
  }, 60000);
});

describe('frames of 1-bit instances through the proxy', () => {
  // Orthanc's DICOMweb plugin refuses WADO-RS frames of a 1-bit image whose Rows x Columns is not a multiple of
  // 8 (400, "Bad number of columns for a black-and-white image"); the proxy answers them from the Pixel Data.
  it('answers frames of a 51 x 35 SEG with exactly their bits, each frame from bit 0', async () => {
    const source = await readDicomFolder(
      path.join(viewer.result.dataDir, 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume'),
    );
    const [nx, ny, nz] = source.dims;
    const pixels = nx * ny;
    expect([nx, ny, pixels % 8]).toEqual([35, 51, 1]);
    // One segment, something on every slice (so frame k is slice k - 1), in a pattern no byte lines up with.
    const voxels = new Uint8Array(pixels * nz).map((_, v) =>
      v % pixels === 0 || (v * 7919) % 13 < 5 ? 1 : 0,
    );
    const seg = writeDicomSeg(createVolume({ ...source, voxels }), source, {
      segments: [{ labelValue: 1, label: 'Pattern' }],
      algorithm: { modelName: 'bit-test', lossName: 'none' },
      // 1 bit per pixel, as other tools write such SEGs (seglens itself writes them FRACTIONAL).
      encoding: 'BINARY',
    });
    const stow = await fetch(new URL('/dicomweb/studies', server.url), {
      method: 'POST',
      headers: {
        'content-type': 'multipart/related; type="application/dicom"; boundary=seg-part',
        accept: 'application/dicom+json',
      },
      body: Buffer.concat([
        Buffer.from('--seg-part\r\nContent-Type: application/dicom\r\n\r\n'),
        Buffer.from(seg),
        Buffer.from('\r\n--seg-part--\r\n'),
      ]),
    });
    expect(stow.status).toBe(200);
    const stored = (await stow.json()) as Record<string, { Value?: Record<string, { Value?: string[] }>[] }>;
    const instance = stored['00081199']?.Value?.[0]['00081190']?.Value?.[0] as string;
    expect(instance.startsWith(`${server.url}dicomweb/studies/`)).toBe(true);

    // The expected frames, packed here pixel by pixel: first pixel in bit 0 of the frame's first byte.
    const expected = (frame: number): number[] => {
      const out = new Array<number>(Math.ceil(pixels / 8)).fill(0);
      for (let p = 0; p < pixels; p++) if (voxels[(frame - 1) * pixels + p]) out[p >> 3] |= 1 << (p & 7);
      return out;
    };
    const frames = [1, 2, 9, nz];
    const r = await fetch(`${instance}/frames/${frames.join(',')}`, {
      headers: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
    });
    expect(r.status).toBe(200);
    const type = r.headers.get('content-type') ?? '';
    expect(type).toMatch(
      /^multipart\/related; type="application\/octet-stream; transfer-syntax=1\.2\.840\.10008\.1\.2\.1"/,
    );
    const boundary = /boundary=(\S+)/.exec(type)?.[1] as string;
    const body = Buffer.from(await r.arrayBuffer());
    const parts = body
      .toString('latin1')
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => Array.from(Buffer.from(part.slice(part.indexOf('\r\n\r\n') + 4, -2), 'latin1')));
    expect(parts).toEqual(frames.map(expected));
    // A frame the SEG does not have is named.
    const missing = await fetch(`${instance}/frames/${nz + 1}`);
    expect([missing.status, await missing.text()]).toEqual([
      400,
      `"${nz + 1}" in the frame list "${nz + 1}" is not a frame of this instance (1 to ${nz})\n`,
    ]);
  });
});

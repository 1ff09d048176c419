// A real Orthanc with its DICOMweb plugin for the DICOMweb tests: Debian's orthanc and orthanc-dicomweb, on a
// free loopback port, with credentials made up for this run, storage in a temporary folder that stop() removes.
// (The viewer has its own, supervised launcher in apps/viewer/src/orthanc; apps cannot import each other.)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PLUGIN = ['/usr/share/orthanc/plugins', '/usr/lib/orthanc/plugins']
  .map((d) => path.join(d, 'libOrthancDicomWeb.so'))
  .find((p) => existsSync(p));
const BINARY = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'].find((p) => existsSync(p));

export interface TestOrthanc {
  url: string;
  dicomWeb: string;
  user: string;
  password: string;
  authorization: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startTestOrthanc(): Promise<TestOrthanc> {
  if (!BINARY || !PLUGIN)
    throw new Error('Orthanc and its DICOMweb plugin are needed: apt-get install orthanc orthanc-dicomweb');
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'seglens-orthanc-test-'));
  const user = `test-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const config = {
    Name: 'seglens-test',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'storage'),
    TemporaryDirectory: path.join(dir, 'tmp'),
    HttpPort: port,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [user]: password },
    DicomServerEnabled: false,
    Plugins: [PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    ExecuteLuaEnabled: false,
    HttpThreadsCount: 8,
  };
  const configFile = path.join(dir, 'orthanc.json');
  await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
  const child = spawn(BINARY, [configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Orthanc exited during start-up:\n${log}`);
    }
    const ok = await fetch(`${url}/dicom-web/studies`, { headers: { authorization } })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (i > 300) {
      await stop();
      throw new Error(`Orthanc did not answer on ${url}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, dicomWeb: `${url}/dicom-web`, user, password, authorization, stop };
}

/** Uploads DICOM files through Orthanc's REST API (not DICOMweb: that is the code under test). */
export async function uploadFiles(orthanc: TestOrthanc, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const r = await fetch(`${orthanc.url}/instances`, {
      method: 'POST',
      headers: { authorization: orthanc.authorization },
      body: await readFile(file),
    });
    if (!r.ok) throw new Error(`uploading ${file}: HTTP ${r.status} ${await r.text()}`);
  }
}

/** Uploads every file under `folder`. */
export async function uploadFolder(orthanc: TestOrthanc, folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  await uploadFiles(orthanc, files.sort());
  return files.length;
}

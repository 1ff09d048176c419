import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoIndex } from '../src/contracts';
import { parseServeOptions } from '../src/options';
import { APP_DIR, ohifDistDir, tfjsWasmDir, VIEWER_README } from '../src/paths';
import { ISOLATION_HEADERS, startViewer, type RunningViewer } from '../src/server';
import { buildFixtureViewer, rawGet, type BuiltViewer } from './helpers';

let viewer: BuiltViewer;
let server: RunningViewer;
beforeAll(async () => {
  viewer = await buildFixtureViewer();
  server = await startViewer({ port: 0, distDir: viewer.outDir });
});
afterAll(async () => {
  await server?.close();
  await viewer?.cleanup();
});

const get = (p: string, method = 'GET', headers: Record<string, string> = {}) =>
  rawGet(server.port, p, method, headers);

describe('startViewer', () => {
  it('listens on 127.0.0.1 and reports its URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.mode).toBe('manifest');
  });

  it('answers with the content types browsers insist on', async () => {
    const appBundle = (await readdir(ohifDistDir())).find((n) => /^app\.bundle\..*\.js$/.test(n));
    const cases: [string, RegExp][] = [
      ['/_seglens/seglens-extension.mjs', /^application\/javascript/],
      ['/_seglens/seglens-mode.mjs', /^application\/javascript/],
      ['/app-config.js', /^application\/javascript/],
      [`/${appBundle}`, /^application\/javascript/],
      ['/_seglens/tfjs/tfjs-backend-wasm.wasm', /^application\/wasm$/],
      ['/demo/index.json', /^application\/json/],
      ['/_seglens/models/index.json', /^application\/json/],
      ['/', /^text\/html/],
      ['/data/ct-liver-dicom-seg/liver.dcm', /^application\/dicom$/],
    ];
    for (const [p, type] of cases) {
      const r = await get(p);
      expect([p, r.status]).toEqual([p, 200]);
      expect([p, r.headers['content-type']]).toEqual([p, expect.stringMatching(type)]);
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
    }
  });

  it("serves the build's patched copy of an OHIF chunk in place of OHIF's own", async () => {
    const { chunks } = JSON.parse(await readFile(path.join(viewer.outDir, 'ohif-patches.json'), 'utf8')) as {
      chunks: string[];
    };
    expect(chunks.length).toBeGreaterThan(0);
    for (const name of chunks) {
      const r = await get(`/${name}`);
      expect([name, r.status]).toEqual([name, 200]);
      const body = r.body.toString('utf8');
      expect(body).toBe(await readFile(path.join(viewer.outDir, name), 'utf8'));
      expect(body).toContain('seglens: one pending set');
      expect(body).not.toBe(await readFile(path.join(ohifDistDir(), name), 'utf8'));
    }
  });

  it('serves the TF.js wasm files byte for byte', async () => {
    for (const name of (await readdir(tfjsWasmDir())).filter((n) => n.endsWith('.wasm'))) {
      const r = await get(`/_seglens/tfjs/${name}`);
      expect(r.body.equals(await readFile(path.join(tfjsWasmDir(), name)))).toBe(true);
    }
  });

  it('refuses paths that leave their folder (403) and never answers with a file outside it', async () => {
    const refused = [
      '/data/..%2f..%2f..%2fetc%2fpasswd',
      '/_seglens/..%5c..%5cpackage.json',
      '/demo/%00index.json',
      '/data/%E0%A4%A',
    ];
    for (const p of refused) {
      const r = await get(p);
      expect([p, r.status]).toEqual([p, 403]);
    }
    // Dot segments are resolved as a browser resolves them before the path is mapped, so they cannot climb out:
    // these become /etc/passwd, an app route (OHIF's page), or stay inside /data/ (hidden names are not served).
    const ohifIndex = await readFile(path.join(ohifDistDir(), 'index.html'));
    for (const p of [
      '/../../../../etc/passwd',
      '/data/../../../../etc/passwd',
      '/data/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const r = await get(p);
      expect([p, r.status, r.body.equals(ohifIndex)]).toEqual([p, 200, true]);
    }
    for (const p of [
      '/data/.hidden',
      '/data/msd-hippocampus/../../etc/passwd/x.txt',
      '/data/no-such-folder',
    ]) {
      const r = await get(p);
      expect([p, r.status]).toEqual([p, 404]);
      expect(r.body.toString()).not.toContain('root:');
    }
  });

  it('refuses a symbolic link in the data directory that points outside it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'seglens-viewer-links-'));
    const other = await startViewer({ port: 0, distDir: viewer.outDir, dataDir });
    try {
      await symlink('/etc', path.join(dataDir, 'escape'));
      const r = await rawGet(other.port, '/data/escape/passwd');
      expect(r.status).toBe(403);
      expect(r.body.toString()).not.toContain('root:');
    } finally {
      await other.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("answers the viewer's routes with OHIF's index.html and unknown files with 404", async () => {
    const index = await readFile(path.join(ohifDistDir(), 'index.html'));
    const { studies } = JSON.parse((await get('/demo/index.json')).body.toString()) as DemoIndex;
    for (const p of [studies[0].viewerUrl, '/seglens', '/viewer/dicomjson', '/index.html']) {
      const r = await get(p);
      expect([p, r.status]).toEqual([p, 200]);
      expect(r.body.equals(index)).toBe(true);
    }
    for (const p of [
      '/missing.js',
      '/demo/missing.json',
      '/_seglens/models/missing/model.json',
      '/_seglens/missing',
    ]) {
      expect((await get(p)).status).toBe(404);
    }
  });

  it('shows a landing page at / that links every demo study to its viewer URL, and the README', async () => {
    const html = (await get('/')).body.toString();
    const { studies } = JSON.parse((await get('/demo/index.json')).body.toString()) as DemoIndex;
    expect(studies).toHaveLength(9);
    const links = [...html.matchAll(/<a href="([^"]+)" data-study="([^"]+)">/g)].map((m) => [
      m[2],
      m[1].replaceAll('&amp;', '&'),
    ]);
    expect(links).toEqual(studies.map((s) => [s.id, s.viewerUrl]));
    expect(html).toContain('<title>seglens viewer</title>');
    expect(html).toContain('href="/README.md"');
    // Your own DICOM files: OHIF's /local route, with what fits which model.
    expect(html).toMatch(
      /<a href="\/local" data-testid="local-files">Open DICOM files from your computer<\/a>/,
    );
    expect(html).toMatch(/hippocampus models fit T1 MR[\s\S]*polyp models fit RGB colonoscopy/);
    expect((await get('/local')).status).toBe(200); // OHIF's app answers every route
    const readme = await get('/README.md');
    expect(readme.headers['content-type']).toMatch(/^text\/plain/);
    expect(readme.body.equals(await readFile(VIEWER_README))).toBe(true);
  });

  it('has no DICOMweb proxy in manifest mode and takes only GET and HEAD', async () => {
    expect((await get('/dicomweb/studies')).status).toBe(404);
    expect((await get('/demo/index.json', 'POST')).status).toBe(405);
    const head = await get('/demo/index.json', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('closes the file of a download the client abandons', async () => {
    const name = (await readdir(ohifDistDir())).find((n) => /^app\.bundle\..*\.js$/.test(n)) as string;
    const file = path.join(ohifDistDir(), name);
    const openOn = async (target: string): Promise<number> => {
      let n = 0;
      for (const fd of await readdir('/proc/self/fd')) {
        if ((await readlink(`/proc/self/fd/${fd}`).catch(() => '')) === target) n++;
      }
      return n;
    };
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: `/${name}` }, (res) => {
          res.pause();
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 50);
        });
        req.on('error', () => undefined);
        req.end();
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await openOn(file)).toBe(0);
  });

  it('answers 421 to a Host that is not a loopback name or the bound address (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `localhost:${server.port + 1}`]) {
      for (const p of ['/data/ct-liver-dicom-seg/liver.dcm', '/demo/index.json', '/']) {
        const r = await get(p, 'GET', { host });
        expect([host, p, r.status]).toEqual([host, p, 421]);
        expect(r.body.toString()).not.toContain('DICM');
      }
    }
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect([host, (await get('/data/ct-liver-dicom-seg/liver.dcm', 'GET', { host })).status]).toEqual([
        host,
        200,
      ]);
    }
  });

  it('sends COOP/COEP/CORP on every response, so the page is cross-origin isolated', async () => {
    const { studies } = JSON.parse((await get('/demo/index.json')).body.toString()) as DemoIndex;
    const requests: [string, string, Record<string, string>, number][] = [
      ['/', 'GET', {}, 200],
      ['/app-config.js', 'GET', {}, 200],
      ['/_seglens/seglens-worker.mjs', 'GET', {}, 200],
      ['/_seglens/tfjs/tfjs-backend-wasm-threaded-simd.wasm', 'GET', {}, 200],
      ['/data/ct-liver-dicom-seg/liver.dcm', 'HEAD', {}, 200],
      [studies[0].viewerUrl, 'GET', {}, 200],
      ['/missing.js', 'GET', {}, 404],
      ['/data/..%2f..%2fetc%2fpasswd', 'GET', {}, 403],
      ['/demo/index.json', 'POST', {}, 405],
      ['/', 'GET', { host: 'evil.example' }, 421],
      ['/dicomweb/studies', 'GET', {}, 404],
    ];
    for (const [p, method, headers, status] of requests) {
      const r = await get(p, method, headers);
      expect([p, r.status]).toEqual([p, status]);
      expect([p, r.headers]).toEqual([p, expect.objectContaining(ISOLATION_HEADERS)]);
    }
  });

  it('names the port when it is in use', async () => {
    await expect(startViewer({ port: server.port, distDir: viewer.outDir })).rejects.toThrow(
      `port ${server.port} on 127.0.0.1 is already in use`,
    );
  });

  it('says how to build when the viewer is not built', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'seglens-viewer-unbuilt-'));
    try {
      await expect(startViewer({ port: 0, distDir: empty })).rejects.toThrow('run `npx nx run viewer:build`');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('serve options', () => {
  it('takes the port from --port, else PORT, else 3000', () => {
    expect(parseServeOptions([], {}).port).toBe(3000);
    expect(parseServeOptions([], { PORT: '4321' }).port).toBe(4321);
    expect(parseServeOptions(['--port', '5000'], { PORT: '4321' }).port).toBe(5000);
    expect(parseServeOptions(['--port=0'], {}).port).toBe(0);
    expect(parseServeOptions(['--orthanc', '--orthanc-port', '8043'], {})).toMatchObject({
      orthanc: true,
      orthancPort: 8043,
    });
    expect(parseServeOptions(['--orthanc'], {}).orthancDicomPort).toBeUndefined();
    expect(parseServeOptions(['--orthanc', '--orthanc-dicom-port=4242'], {}).orthancDicomPort).toBe(4242);
  });

  it('names a bad option', () => {
    expect(() => parseServeOptions(['--port', 'http'], {})).toThrow(
      '--port must be a port number from 0 to 65535, got "http"',
    );
    expect(() => parseServeOptions([], { PORT: '70000' })).toThrow('PORT must be a port number');
    expect(() => parseServeOptions(['--orthanc-port', '1'], {})).toThrow('--orthanc-port needs --orthanc');
    expect(() => parseServeOptions(['--orthanc', '--orthanc-dicom-port', '0'], {})).toThrow(
      '--orthanc-dicom-port must be a port number from 1 to 65535, got "0"',
    );
    expect(() => parseServeOptions(['--orthanc-dicom-port', '4242'], {})).toThrow(
      '--orthanc-dicom-port needs --orthanc',
    );
    expect(() => parseServeOptions(['--verbose'], {})).toThrow('unknown argument --verbose');
  });
});

describe('bin/viewer.cjs serve', () => {
  it('prints the URL it serves (PORT=0: any free port) and stops on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [path.join(APP_DIR, 'bin', 'viewer.cjs'), 'serve', '--dist', viewer.outDir],
      {
        env: { ...process.env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        output += c.toString();
        const found = /seglens viewer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`exited before printing its URL:\n${output}`)));
    });
    const index = (await (await fetch(new URL('/demo/index.json', url))).json()) as DemoIndex;
    expect(index.studies).toHaveLength(9);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGINT: stopping');
    await expect(fetch(url)).rejects.toThrow();
  });
});

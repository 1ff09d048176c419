import { existsSync } from 'node:fs';
import type { OhifManifest } from '@seglens/data';
import type { DemoIndex } from '../src/contracts';
import { orthancPath } from '../src/server/proxy';
import { startOrthanc } from '../src/orthanc/process';
import { startViewer, type RunningViewer } from '../src/server';
import { buildFixtureViewer, rawGet, type BuiltViewer } from './helpers';

const STUDY_INSTANCE_UID = '0020000D';
const NUMBER_OF_INSTANCES = '00201208';

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
    expect((await fetch(`${orthancUrl}/system`)).status).toBe(200);
    const other = await startViewer({ port: 0, distDir: viewer.outDir, orthanc: true });
    const otherOrthanc = other.orthanc?.url as string;
    const otherWorkDir = other.orthanc?.workDir as string;
    expect(existsSync(otherWorkDir)).toBe(true);
    await other.close();
    await expect(fetch(`${otherOrthanc}/system`)).rejects.toThrow();
    expect(existsSync(otherWorkDir)).toBe(false);
    expect((await fetch(`${orthancUrl}/system`)).status).toBe(200);
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

  it("decodes the commas of OHIF's includefield lists and leaves everything else alone", () => {
    expect(
      orthancPath('/dicomweb/studies?limit=101&includefield=00081030%2C00080060&PatientName=a%2Cb'),
    ).toBe('/dicomweb/studies?limit=101&includefield=00081030,00080060&PatientName=a%2Cb');
    expect(orthancPath('/dicomweb/studies')).toBe('/dicomweb/studies');
  });
});

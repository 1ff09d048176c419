// `seglens predict --dicomweb` against a real Orthanc (DICOMweb plugin) holding the three hippocampus MR studies
// and the CT liver study with its DICOM SEG: one SEG per fitting series stored with STOW-RS, nothing new on a
// second run, shards disjoint, transient errors retried, bad credentials named.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DATASET_FOLDERS, datasetDir, readDicomFolder, readDicomSeg } from '@seglens/data';
import { MemoryStream } from '../src/io';
import { runCli } from '../src/main';
import { startTestOrthanc, uploadFiles, uploadFolder, type TestOrthanc } from './orthanc';
import { tempDir } from './fixtures';

interface Batch {
  studies: number;
  version: string;
  counts: Record<string, number>;
  retries: number;
  series: Array<{
    study: string;
    series: string;
    status: string;
    detail?: string;
    seg?: { seriesInstanceUID: string; file?: string };
    proportions?: Record<string, number>;
  }>;
}

let orthanc: TestOrthanc;
let dir: string;
let cleanup: () => Promise<void>;
const hippocampusDicom = datasetDir(DATASET_FOLDERS.hippocampusDicom);

async function seglens(argv: string[], env: Record<string, string | undefined>) {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const code = await runCli(argv, { stdout, stderr, env: { ...env, PATH: process.env.PATH } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const credentials = () => ({
  SEGLENS_DICOMWEB_USER: orthanc.user,
  SEGLENS_DICOMWEB_PASSWORD: orthanc.password,
});

async function orthancJson<T>(route: string): Promise<T> {
  const r = await fetch(`${orthanc.url}${route}`, { headers: { authorization: orthanc.authorization } });
  return (await r.json()) as T;
}

/** The MR series of Study1..3, read from their folders (Study<n>/<series folder>/*.dcm). */
async function hippocampusSeries() {
  const volumes = [];
  for (const study of ['Study1', 'Study2', 'Study3']) {
    const [folder] = await readdir(path.join(hippocampusDicom, study));
    volumes.push(await readDicomFolder(path.join(hippocampusDicom, study, folder)));
  }
  return volumes;
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  orthanc = await startTestOrthanc();
  for (const study of ['Study1', 'Study2', 'Study3'])
    await uploadFolder(orthanc, path.join(hippocampusDicom, study));
  const liver = datasetDir(DATASET_FOLDERS.ctLiverSeg);
  await uploadFolder(orthanc, path.join(liver, 'dicom'));
  await uploadFiles(orthanc, [path.join(liver, 'liver.dcm')]);
}, 120000);
afterAll(async () => {
  await orthanc?.stop();
  await cleanup?.();
});

describe('seglens predict --dicomweb (real Orthanc)', () => {
  it('stores one SEG per fitting series, and nothing new on a second run', async () => {
    const argv = [
      'predict',
      '--model',
      'hippocampus-rce',
      '--dicomweb',
      orthanc.dicomWeb,
      '--all',
      '--store',
      '--json',
      '--quiet',
    ];
    const first = await seglens(argv, credentials());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const batch = JSON.parse(first.stdout) as Batch;
    expect(batch.studies).toBe(4);
    expect(batch.version).toMatch(/^card sha256:[0-9a-f]{16}$/);
    expect(batch.counts).toMatchObject({ stored: 3, 'already-stored': 0, failed: 0, 'not-fitting': 1 });
    expect(batch.series.find((s) => s.status === 'not-fitting')!.detail).toBe(
      'CT series, the model is for MR',
    );

    // Each hippocampus study now holds its MR series and one SEG of it, readable onto the MR series' grid.
    const studies = await orthancJson<string[]>('/studies');
    let segs = 0;
    for (const id of studies) {
      const series = await orthancJson<
        Array<{ MainDicomTags: { Modality: string; SeriesInstanceUID: string }; Instances: string[] }>
      >(`/studies/${id}/series?expand`);
      const seg = series.filter((s) => s.MainDicomTags.Modality === 'SEG');
      const mr = series.filter((s) => s.MainDicomTags.Modality === 'MR');
      if (mr.length === 0) continue;
      expect(seg).toHaveLength(1);
      segs++;
      const stored = batch.series.find((s) => s.series === mr[0].MainDicomTags.SeriesInstanceUID)!;
      expect(stored.status).toBe('stored');
      expect(seg[0].MainDicomTags.SeriesInstanceUID).toBe(stored.seg!.seriesInstanceUID);
      const bytes = new Uint8Array(
        await (
          await fetch(`${orthanc.url}/instances/${seg[0].Instances[0]}/file`, {
            headers: { authorization: orthanc.authorization },
          })
        ).arrayBuffer(),
      );
      const source = (await hippocampusSeries()).find(
        (v) => v.dicom?.seriesInstanceUID === mr[0].MainDicomTags.SeriesInstanceUID,
      )!;
      const tags = await orthancJson<Record<string, string>>(
        `/instances/${seg[0].Instances[0]}/simplified-tags`,
      );
      // The model and version the viewer's SEG export writes too: how a rerun recognises its own SEGs.
      expect([tags.ManufacturerModelName, tags.SoftwareVersions]).toEqual(['hippocampus-rce', batch.version]);
      expect(tags.SeriesDescription).toBe('seglens hippocampus-rce (rce)');
      const read = readDicomSeg(bytes, source);
      expect(read.segments.map((s) => s.label)).toEqual(['anterior hippocampus', 'posterior hippocampus']);
      // The provenance `seglens predict` and the viewer write too (planSegProvenance).
      expect(read.segments.map((s) => [s.algorithmType, s.algorithmName, s.description])).toEqual(
        new Array(2).fill([
          'AUTOMATIC',
          'hippocampus-rce',
          'loss rce (penalty=l1, lambda=1, temperature=10)',
        ]),
      );
      // The stored SEG holds what the batch reported: the same share of voxels per class.
      const n = read.labels.voxels.length;
      const share = (k: number) => read.labels.voxels.filter((v) => v === k).length / n;
      expect(share(1)).toBeCloseTo(stored.proportions!['anterior hippocampus'], 10);
      expect(share(2)).toBeCloseTo(stored.proportions!['posterior hippocampus'], 10);
      expect(share(1)).toBeGreaterThan(0.005);
    }
    expect(segs).toBe(3);

    const again = await seglens(argv, credentials());
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout) as Batch;
    expect(second.counts).toMatchObject({ stored: 0, 'already-stored': 3, failed: 0 });
    expect((await orthancJson<string[]>('/series')).length).toBe(3 + 3 + 2); // 3 MR + 3 SEG + CT + its SEG
  }, 300000);

  it('evaluates against reference SEGs in the archive, segments matched to classes by name', async () => {
    // The SEGs hippocampus-rce stored above as references: hippocampus-rce itself must score DSC 1 on every case
    // (its own labels, read back through DICOMweb and mapped by segment name), hippocampus-dice less.
    const args = ['--dicomweb', orthanc.dicomWeb, '--all', '--json', '--per-case', '--quiet'];
    const self = await seglens(
      ['evaluate', '--model', 'hippocampus-rce', ...args, '--reference', 'SEGLENS hippocampus-rce (rce)'],
      credentials(),
    );
    expect(self.stderr).toBe('');
    const own = JSON.parse(self.stdout) as {
      cases: number;
      perCase: Array<{ perClass: Array<{ dsc: number; hd95: number }> }>;
      skipped: Array<{ reason: string }>;
    };
    expect(own.cases).toBe(3);
    expect(own.perCase.flatMap((c) => c.perClass.map((k) => [k.dsc, k.hd95]))).toEqual(
      new Array(6).fill([1, 0]),
    );
    expect(own.skipped).toEqual([
      expect.objectContaining({ reason: 'no SEG matching --reference SEGLENS hippocampus-rce (rce)' }),
    ]);

    const other = await seglens(
      ['evaluate', '--model', 'hippocampus-dice', ...args, '--reference', 'label:^anterior'],
      credentials(),
    );
    const dice = JSON.parse(other.stdout) as {
      cases: number;
      perClass: Array<{ name: string; dsc: number }>;
    };
    expect(dice.cases).toBe(3);
    for (const c of dice.perClass) {
      expect(c.dsc).toBeGreaterThan(0.5);
      expect(c.dsc).toBeLessThan(1);
    }

    const liver = await seglens(
      [
        'evaluate',
        '--model',
        'hippocampus-rce',
        '--dicomweb',
        orthanc.dicomWeb,
        '--all',
        '--reference',
        'label:liver',
      ],
      credentials(),
    );
    expect(liver.code).toBe(1);
    expect(liver.stderr).toContain(
      "no segment named 'anterior hippocampus', 'posterior hippocampus' (its segments: 'Liver')",
    );
  }, 300000);

  it("compares two models against the archive's reference SEGs with paired statistics", async () => {
    const r = await seglens(
      [
        'compare',
        '--models',
        'hippocampus-rce',
        'hippocampus-dice',
        '--dicomweb',
        orthanc.dicomWeb,
        '--all',
        '--reference',
        'seglens hippocampus-rce (rce)',
        '--json',
        '--quiet',
      ],
      credentials(),
    );
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as {
      cases: number;
      models: Array<{ perClass: Array<{ dsc: number }> }>;
      perClass: Array<{
        paired: { meanDifference: number; wilcoxonP: number; wilcoxonMethod: string; cases: number };
      }>;
    };
    expect(json.cases).toBe(3);
    json.perClass.forEach((c, k) => {
      // Against its own SEGs hippocampus-rce scores 1 on every case, so each difference is 1 − Dice's DSC > 0:
      // three positive differences, exact two-sided p = 2 · (1/2)³.
      expect(json.models[0].perClass[k].dsc).toBe(1);
      expect(c.paired.meanDifference).toBeCloseTo(1 - json.models[1].perClass[k].dsc, 12);
      expect(c.paired).toMatchObject({ cases: 3, wilcoxonMethod: 'exact', wilcoxonP: 0.25 });
    });
  }, 300000);

  it('splits studies into disjoint shards and writes SEG copies with --out', async () => {
    const found: string[][] = [];
    for (const shard of ['1/2', '2/2']) {
      const out = path.join(dir, `shard-${shard.replace('/', 'of')}`);
      const r = await seglens(
        [
          'predict',
          '--model',
          'hippocampus-dice',
          '--dicomweb',
          orthanc.dicomWeb,
          '--query',
          'ModalitiesInStudy=MR',
          '--shard',
          shard,
          '--out',
          out,
          '--json',
          '--quiet',
        ],
        credentials(),
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const batch = JSON.parse(r.stdout) as Batch;
      expect(batch.series.every((s) => s.status === 'written' && s.seg!.file!.startsWith(out))).toBe(true);
      found.push(batch.series.map((s) => s.study));
    }
    expect(found[0].filter((s) => found[1].includes(s))).toEqual([]);
    expect(found[0].length + found[1].length).toBe(3);
  }, 300000);

  it('retries transient errors, and names refused credentials and missing ones', async () => {
    // A proxy in front of Orthanc that answers 503 to the first two requests.
    let refused = 0;
    const proxy: Server = createServer((req, res) => {
      if (refused < 2) {
        refused++;
        res.writeHead(503, { 'retry-after': '0' }).end('busy');
        return;
      }
      const upstream = httpRequest(
        `${orthanc.url}${req.url}`,
        { method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    try {
      const r = await seglens(
        [
          'predict',
          '--model',
          'hippocampus-rce',
          '--dicomweb',
          `http://127.0.0.1:${port}/dicom-web`,
          '--all',
          '--store',
          '--json',
          '--quiet',
        ],
        credentials(),
      );
      expect(r.code).toBe(0);
      const batch = JSON.parse(r.stdout) as Batch;
      expect(refused).toBe(2);
      expect(batch.retries).toBe(2);
      expect(batch.counts).toMatchObject({ stored: 0, 'already-stored': 3, failed: 0 });
    } finally {
      await new Promise((r) => proxy.close(r));
    }

    const wrong = await seglens(
      ['predict', '--model', 'hippocampus-rce', '--dicomweb', orthanc.dicomWeb, '--all', '--store'],
      { ...credentials(), SEGLENS_DICOMWEB_PASSWORD: 'not-it' },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('HTTP 401');
    expect(wrong.stderr).toContain('check the credentials');
    expect(wrong.stderr).not.toContain('not-it');

    const half = await seglens(
      ['predict', '--model', 'hippocampus-rce', '--dicomweb', orthanc.dicomWeb, '--all', '--store'],
      { SEGLENS_DICOMWEB_USER: orthanc.user },
    );
    expect(half.code).toBe(1);
    expect(half.stderr).toContain(
      'SEGLENS_DICOMWEB_USER is set but no SEGLENS_DICOMWEB_PASSWORD or SEGLENS_DICOMWEB_PASSWORD_FILE',
    );

    const inUrl = await seglens(
      [
        'predict',
        '--model',
        'hippocampus-rce',
        '--dicomweb',
        `http://u:p@127.0.0.1:1/dicom-web`,
        '--all',
        '--store',
      ],
      {},
    );
    expect(inUrl.stderr).toContain('DICOMweb base URL holds credentials');

    const usage = await seglens(
      ['predict', '--model', 'hippocampus-rce', '--dicomweb', orthanc.dicomWeb, '--all'],
      {},
    );
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--dicomweb without --store or --out would keep nothing');
    const both = await seglens(
      [
        'predict',
        '--model',
        'hippocampus-rce',
        '--dicomweb',
        orthanc.dicomWeb,
        '--all',
        '--study',
        '1.2',
        '--store',
      ],
      {},
    );
    expect(both.stderr).toContain('needs exactly one of --study');
  }, 300000);
  it('stops on Ctrl-C with only whole SEGs stored, and the rerun stores just the rest', async () => {
    const controller = new AbortController();
    const stdout = new MemoryStream();
    const lines: string[] = [];
    // The "stderr" of this run: Ctrl-C as soon as the first SEG is reported stored.
    const stderr = {
      write(text: string) {
        lines.push(text);
        if (text.includes(': stored')) controller.abort();
        return true;
      },
    };
    const argv = [
      'predict',
      '--model',
      'hippocampus-ce',
      '--dicomweb',
      orthanc.dicomWeb,
      '--all',
      '--store',
      '--json',
    ];
    const code = await runCli(argv, { stdout, stderr, signal: controller.signal, env: { ...credentials() } });
    expect(lines.join('')).toContain('seglens predict: interrupted');
    expect(code).toBe(130);
    expect(stdout.text()).toBe('');
    const storedFirst = lines.filter((l) => l.includes(': stored')).length;
    expect(storedFirst).toBeGreaterThanOrEqual(1);
    expect(storedFirst).toBeLessThan(3);

    // Every SEG in the archive is whole: one instance each, readable.
    const segSeries = (
      await orthancJson<Array<{ MainDicomTags: { Modality: string }; Instances: string[] }>>('/series?expand')
    ).filter((x) => x.MainDicomTags.Modality === 'SEG');
    for (const x of segSeries) expect(x.Instances).toHaveLength(1);

    const rerun = await seglens([...argv, '--quiet'], credentials());
    expect(rerun.code).toBe(0);
    const batch = JSON.parse(rerun.stdout) as Batch;
    expect(batch.counts.stored + batch.counts['already-stored']).toBe(3);
    expect(batch.counts['already-stored']).toBeGreaterThanOrEqual(storedFirst);
  }, 300000);
});

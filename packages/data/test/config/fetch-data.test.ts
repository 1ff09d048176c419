// tools/fetch-data.mjs: the no-network paths (shared data found, --dry-run, bad arguments) and the real download
// path against a local mirror (SEGLENS_DATA_MIRROR) serving an archive laid out like the dcmqi repository.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encode as encodePng } from 'fast-png';
import { DATA_DIR_ENV, readNiftiFile, resolveDataDir } from '../../src';

const SCRIPT = resolve(__dirname, '../../../../tools/fetch-data.mjs');

function run(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
    );
  });
}

describe('fetch-data', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'seglens-fetch-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds the existing data directory and downloads nothing', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out).toContain(`found every data set in ${resolveDataDir()}`);
    expect(out).toMatch(/msd-hippocampus: 416 files/);
    expect(out).toMatch(/polypgen-256: 2774 files/);
    expect(out).toMatch(/btcv-abdomen-ct: 48 files/);
    expect(out).toMatch(/acdc-cardiac-mr: 320 files/);
  });

  it('--dry-run names the source, commit and licence of BTCV and ACDC', async () => {
    const dest = join(tmp, 'data');
    const { code, out } = await run(['--dry-run', '--only', 'btcv-abdomen-ct,acdc-cardiac-mr'], {
      [DATA_DIR_ENV]: dest,
    });
    expect(code).toBe(0);
    expect(out).toContain('https://github.com/QYAOYang/VLAlignSeg-/archive/3981d06.tar.gz');
    expect(out).toContain(
      "licence: research use under the BTCV challenge's terms (Synapse); do not redistribute the data",
    );
    expect(out).toContain('https://github.com/antares0811/3DCardiac/archive/7dcd89c.tar.gz');
    expect(out).toContain('licence: CC BY-NC-SA 4.0 (ACDC; non-commercial)');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--dry-run lists the archives for the missing data sets and writes nothing', async () => {
    const dest = join(tmp, 'data');
    const { code, out } = await run(['--dry-run', '--only', 'msd-hippocampus,ct-liver-dicom-seg'], {
      [DATA_DIR_ENV]: dest,
    });
    expect(code).toBe(0);
    expect(out).toContain(`would download into ${dest}`);
    expect(out).toContain(
      'https://github.com/WisnuMulya/hippocampal-volume-quantification/archive/f1c5a0f.tar.gz',
    );
    expect(out).toContain('https://github.com/QIICR/dcmqi/archive/b6137d9e.tar.gz');
    expect(out).not.toContain('polypgen');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('rejects unknown arguments and data sets with exit code 2', async () => {
    expect(await run(['--bogus'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('unknown argument --bogus'),
    });
    expect(await run(['--only', 'nope'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('unknown data set(s) nope'),
    });
  });

  describe('downloading from a mirror', () => {
    let server: Server;
    let base: string;
    let requests: string[];
    beforeEach(async () => {
      // A repository archive as GitHub makes it: one top folder, then the repository's files.
      const repo = join(tmp, 'src', 'dcmqi-b6137d9e');
      mkdirSync(join(repo, 'data', 'segmentations', 'ct-3slice'), { recursive: true });
      for (const f of ['01.dcm', '02.dcm', '03.dcm'])
        writeFileSync(join(repo, 'data/segmentations/ct-3slice', f), f);
      writeFileSync(join(repo, 'data/segmentations/liver.dcm'), 'liver');
      writeFileSync(join(repo, 'data/segmentations/partial_overlaps.dcm'), 'overlaps');
      writeFileSync(join(repo, 'LICENSE'), 'BSD');
      execFileSync('tar', ['-czf', join(tmp, 'archive.tar.gz'), '-C', join(tmp, 'src'), 'dcmqi-b6137d9e']);
      const archive = readFileSync(join(tmp, 'archive.tar.gz'));
      requests = [];
      server = createServer((req, res) => {
        requests.push(req.url ?? '');
        if (req.url === '/QIICR/dcmqi/archive/b6137d9e.tar.gz') res.end(archive);
        else res.writeHead(404).end();
      });
      await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise<void>((closed) => server.close(() => closed())));

    it('streams the archive, unpacks it and lays the data set out atomically', async () => {
      const dest = join(tmp, 'data');
      const env = { SEGLENS_DATA_MIRROR: base };
      const { code, out } = await run(['--dest', dest, '--only', 'ct-liver-dicom-seg'], env);
      expect(out).toContain('ct-liver-dicom-seg: 6 files');
      expect(code).toBe(0);
      expect(readdirSync(join(dest, 'ct-liver-dicom-seg')).sort()).toEqual([
        'LICENSE',
        'dicom',
        'liver.dcm',
        'partial_overlaps.dcm',
      ]);
      expect(readdirSync(join(dest, 'ct-liver-dicom-seg', 'dicom')).sort()).toEqual([
        '01.dcm',
        '02.dcm',
        '03.dcm',
      ]);
      // Only the finished folder and the archive cache remain: no temporary folders.
      expect(readdirSync(dest).sort()).toEqual(['.downloads', 'ct-liver-dicom-seg']);
      expect(readdirSync(join(dest, '.downloads'))).toEqual(['QIICR--dcmqi-b6137d9e.tar.gz']);
      // A second run finds it and does not download again.
      const again = await run(['--dest', dest, '--only', 'ct-liver-dicom-seg'], env);
      expect(again.out).toContain('found every data set');
      expect(requests).toHaveLength(1);
    });

    it('assembles a BTCV volume from PNG slices and its label volume as the source lays them out', async () => {
      // The source's layout made from a real case: its label volume and one 8-bit PNG per axial slice.
      const shared = join(resolveDataDir(), 'btcv-abdomen-ct');
      const label = await readNiftiFile(join(shared, 'labels', 'btcv_00.nii.gz'), { labels: true });
      const image = await readNiftiFile(join(shared, 'images', 'btcv_00.nii.gz'));
      const repo = join(tmp, 'src', 'VLAlignSeg--3981d06');
      const labelDir = join(repo, 'data/SABS/sabs_CT_normalized');
      const pngDir = join(repo, 'data/SABS_CHAOS_Merged/processed/img');
      mkdirSync(labelDir, { recursive: true });
      mkdirSync(pngDir, { recursive: true });
      writeFileSync(join(labelDir, 'label_0.nii.gz'), readFileSync(join(shared, 'labels', 'btcv_00.nii.gz')));
      // A label volume whose slices the source did not export is left out.
      writeFileSync(join(labelDir, 'label_4.nii.gz'), readFileSync(join(shared, 'labels', 'btcv_00.nii.gz')));
      const [nx, ny, nz] = image.volume.dims;
      const bytes = Uint8Array.from(image.volume.voxels, (hu) => Math.round(((hu + 125) * 255) / 400));
      for (let k = 0; k < nz; k++) {
        const data = bytes.subarray(k * nx * ny, (k + 1) * nx * ny);
        const name = `image_SABS_0_slice${String(k).padStart(3, '0')}.png`;
        writeFileSync(join(pngDir, name), encodePng({ width: nx, height: ny, data, channels: 1, depth: 8 }));
      }
      execFileSync('tar', ['-czf', join(tmp, 'btcv.tar.gz'), '-C', join(tmp, 'src'), 'VLAlignSeg--3981d06']);
      const archive = readFileSync(join(tmp, 'btcv.tar.gz'));
      const btcv = createServer((req, res) =>
        req.url === '/QYAOYang/VLAlignSeg-/archive/3981d06.tar.gz'
          ? res.end(archive)
          : res.writeHead(404).end(),
      );
      await new Promise<void>((ready) => btcv.listen(0, '127.0.0.1', ready));
      try {
        const dest = join(tmp, 'data');
        const mirror = `http://127.0.0.1:${(btcv.address() as AddressInfo).port}`;
        const { code, out } = await run(['--dest', dest, '--only', 'btcv-abdomen-ct'], {
          SEGLENS_DATA_MIRROR: mirror,
        });
        expect(out).toContain('btcv-abdomen-ct: 2 files');
        expect(code).toBe(0);
        const made = await readNiftiFile(join(dest, 'btcv-abdomen-ct', 'images', 'btcv_00.nii.gz'));
        expect(made.header.sclSlope).toBeCloseTo(400 / 255, 6);
        expect(made.header.sclInter).toBe(-125);
        expect(made.volume.dims).toEqual(image.volume.dims);
        let worst = 0;
        for (let i = 0; i < made.volume.voxels.length; i++)
          worst = Math.max(worst, Math.abs(made.volume.voxels[i] - image.volume.voxels[i]));
        expect(worst).toBeLessThan(1e-3);
        const labels = await readNiftiFile(join(dest, 'btcv-abdomen-ct', 'labels', 'btcv_00.nii.gz'), {
          labels: true,
        });
        let differing = 0;
        for (let i = 0; i < labels.volume.voxels.length; i++)
          if (labels.volume.voxels[i] !== label.volume.voxels[i]) differing++;
        expect(differing).toBe(0);
      } finally {
        await new Promise<void>((closed) => btcv.close(() => closed()));
      }
    });

    it('reports an HTTP error with the URL and leaves no partial data set', async () => {
      const dest = join(tmp, 'data');
      const { code, out } = await run(['--dest', dest, '--only', 'msd-hippocampus'], {
        SEGLENS_DATA_MIRROR: base,
      });
      expect(code).toBe(1);
      expect(out).toContain(
        `GET ${base}/WisnuMulya/hippocampal-volume-quantification/archive/f1c5a0f.tar.gz answered 404`,
      );
      expect(readdirSync(dest)).toEqual(['.downloads']);
      expect(readdirSync(join(dest, '.downloads'))).toEqual([]);
    });
  });
});

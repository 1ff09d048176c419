import path from 'node:path';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import {
  DicomError,
  readDicomFolder,
  readDicomSegFile,
  readDicomSeries,
  readDicomFiles,
} from '../../src/dicom';
import { CT_J2K_DIR, HIPPO_SERIES, LIVER_CT_DIR, LIVER_DIR, dcmtk, tempDir } from './helpers';

// Every bad input is made from a real file in a temporary folder; each must fail with a DicomError whose
// message starts with the file (or folder) and says what is wrong.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let counter = 0;
/** A fresh folder holding copies of the given files (optionally renamed). */
function folderWith(files: [string, string?][]): string {
  const dir = path.join(tmp.dir, `case-${counter++}`);
  mkdirSync(dir);
  for (const [from, name] of files) copyFileSync(from, path.join(dir, name ?? path.basename(from)));
  return dir;
}

const study1 = (): [string][] => readdirSync(HIPPO_SERIES[0]).map((f) => [path.join(HIPPO_SERIES[0], f)]);

async function failure(promise: Promise<unknown>): Promise<DicomError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DicomError);
  return error as DicomError;
}

describe('bad DICOM input', () => {
  it('a DICOM SEG given as an image series', async () => {
    const e = await failure(readDicomSeries(await readDicomFiles([path.join(LIVER_DIR, 'liver.dcm')])));
    expect(e.file).toMatch(/liver\.dcm$/);
    expect(e.message).toMatch(/liver\.dcm: is a DICOM SEG \(Segmentation Storage\), not an image/);
  });

  it('an image without PixelData', async () => {
    const dir = folderWith(study1());
    dcmtk('dcmodify', ['-nb', '-ea', '(7fe0,0010)', path.join(dir, '7.dcm')]);
    const e = await failure(readDicomFolder(dir));
    expect(e.message).toMatch(/7\.dcm: no PixelData \(7FE0,0010\): not an image/);
  });

  it('mixed series in one folder: an error naming them, or pick one', async () => {
    const dir = folderWith([
      ...study1(),
      ...readdirSync(HIPPO_SERIES[1]).map((f): [string, string] => [
        path.join(HIPPO_SERIES[1], f),
        `s2-${f}`,
      ]),
    ]);
    const e = await failure(readDicomFolder(dir));
    expect(e.message).toContain('mixed series: the files hold 2 series');
    expect(e.message).toContain(
      '1.2.826.0.1.3680043.8.498.10112548596522579645160189153146185462 (MR "HippoCrop", 32 file(s))',
    );
    expect(e.message).toContain(
      '1.2.826.0.1.3680043.8.498.46193243091922807973650205619024551805 (MR "HippoCrop", 35 file(s))',
    );
    expect(e.message).toContain('pass seriesInstanceUID');
    const picked = await readDicomFolder(dir, {
      seriesInstanceUID: '1.2.826.0.1.3680043.8.498.46193243091922807973650205619024551805',
    });
    expect(picked.dims).toEqual([36, 48, 35]);
    const missing = await failure(readDicomFolder(dir, { seriesInstanceUID: '1.2.3' }));
    expect(missing.message).toMatch(/series 1\.2\.3 is not among the files/);
  });

  it('a slice with other Rows/Columns in the series', async () => {
    const dir = folderWith(study1());
    const odd = path.join(dir, '99.dcm');
    copyFileSync(path.join(HIPPO_SERIES[1], '1.dcm'), odd);
    dcmtk('dcmodify', [
      '-nb',
      '-m',
      '(0020,000e)=1.2.826.0.1.3680043.8.498.10112548596522579645160189153146185462',
      '-m',
      '(0020,0032)=0\\0\\33',
      odd,
    ]);
    const e = await failure(readDicomFolder(dir));
    expect(e.message).toMatch(
      /99\.dcm: Rows x Columns 48x36 differ from 51x35 in .*1\.dcm of the same series/,
    );
  });

  it('a duplicated slice', async () => {
    const dir = folderWith([...study1(), [path.join(HIPPO_SERIES[0], '5.dcm'), '5b.dcm']]);
    dcmtk('dcmodify', ['-nb', '-m', '(0008,0018)=1.2.3.4.5', path.join(dir, '5b.dcm')]);
    const e = await failure(readDicomFolder(dir));
    expect(e.message).toMatch(
      /5b?\.dcm: duplicate slice: same position along the slice normal \(5\.000 mm\) as .*5b?\.dcm/,
    );
  });

  it('a missing slice (gap in the spacing)', async () => {
    const dir = folderWith(study1().filter(([f]) => path.basename(f) !== '10.dcm'));
    const e = await failure(readDicomFolder(dir));
    expect(e.message).toMatch(
      /11\.dcm: slice spacing is not uniform: 2\.000 mm from .*9\.dcm where the series is spaced 1\.000 mm/,
    );
  });

  it('an unsupported transfer syntax', async () => {
    const name = readdirSync(CT_J2K_DIR)[0];
    const bytes = readFileSync(path.join(CT_J2K_DIR, name));
    // Same-length patch of the meta header: JPEG 2000 Lossless (…4.90) -> JPEG 2000 Part 2 (…4.92).
    const at = bytes.indexOf('1.2.840.10008.1.2.4.90');
    expect(at).toBeGreaterThan(128);
    bytes.write('1.2.840.10008.1.2.4.92', at, 'latin1');
    const e = await failure(readDicomSeries([{ name, data: bytes }]));
    expect(e.message).toBe(
      `${name}: transfer syntax 1.2.840.10008.1.2.4.92 (JPEG 2000 Part 2 Multi-component Lossless) is not supported`,
    );
  });

  it('a SEG that references another series', async () => {
    const ct = await readDicomFolder(LIVER_CT_DIR);
    const seg = path.join(folderWith([[path.join(LIVER_DIR, 'liver.dcm')]]), 'liver.dcm');
    dcmtk('dcmodify', ['-nb', '-m', '(0008,1115)[0].(0020,000e)=1.2.3.999', seg]);
    const e = await failure(readDicomSegFile(seg, ct));
    expect(e.message).toMatch(
      /liver\.dcm: references series 1\.2\.3\.999, not the source series 1\.2\.392\.200103\.20080913\.113635\.1\.2009\.6\.22\.21\.43\.10\.23430\.1/,
    );
  });

  it.each([
    ['in the pixel data', 300000],
    ['in the header', 600],
  ])('a truncated file (cut %s)', async (_where, length) => {
    const dir = folderWith([]);
    const files = readdirSync(LIVER_CT_DIR);
    for (const f of files) copyFileSync(path.join(LIVER_CT_DIR, f), path.join(dir, f));
    writeFileSync(
      path.join(dir, '02.dcm'),
      readFileSync(path.join(LIVER_CT_DIR, '02.dcm')).subarray(0, length),
    );
    const e = await failure(readDicomFolder(dir));
    expect(e.message).toMatch(/02\.dcm: truncated file/);
  });

  it('a truncated JPEG 2000 file and a truncated SEG', async () => {
    const name = readdirSync(CT_J2K_DIR)[3];
    const bytes = readFileSync(path.join(CT_J2K_DIR, name));
    const e = await failure(readDicomSeries([{ name, data: bytes.subarray(0, bytes.length - 50000) }]));
    expect(e.message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}: truncated file`));
    const ct = await readDicomFolder(LIVER_CT_DIR);
    const seg = path.join(folderWith([]), 'cut.dcm');
    writeFileSync(seg, readFileSync(path.join(LIVER_DIR, 'liver.dcm')).subarray(0, 60000));
    const s = await failure(readDicomSegFile(seg, ct));
    expect(s.message).toMatch(/cut\.dcm: truncated file/);
  });

  it('a file that is not DICOM, and an empty folder', async () => {
    const dir = folderWith([[path.join(LIVER_DIR, 'LICENSE'), 'notes.txt']]);
    const e = await failure(readDicomFolder(dir));
    expect(e.message).toMatch(/notes\.txt: not a DICOM Part 10 file \(no "DICM" prefix at byte 128\)/);
    const empty = folderWith([]);
    const f = await failure(readDicomFolder(empty));
    expect(f.message).toBe(`${empty}: the folder holds no files`);
  });
});

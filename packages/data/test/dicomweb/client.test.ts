// The DICOMweb client's pieces that need no server: multipart bodies (round trip of real DICOM files), the
// credentials from the environment and their errors, and URL checks. The client against a real Orthanc is
// tested through `seglens predict --dicomweb` (apps/cli/test/dicomweb.test.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildMultipart,
  DATASET_FOLDERS,
  datasetDir,
  DicomWebClient,
  dicomWebAuthFromEnv,
  multipartBoundary,
  parseMultipart,
} from '../../src';

describe('multipart/related', () => {
  it('round-trips real DICOM files byte for byte', async () => {
    const dir = path.join(datasetDir(DATASET_FOLDERS.ctLiverSeg), 'dicom');
    const files = await Promise.all(['01.dcm', '02.dcm'].map((f) => readFile(path.join(dir, f))));
    const { body, contentType } = buildMultipart(files.map((f) => new Uint8Array(f)));
    const boundary = multipartBoundary(contentType)!;
    expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
    const parts = parseMultipart(body, boundary);
    expect(parts.map((p) => Buffer.from(p).equals(files[parts.indexOf(p)]))).toEqual([true, true]);
  });

  it('reads quoted boundaries and refuses truncated bodies', () => {
    expect(multipartBoundary('multipart/related; type="application/dicom"; boundary="a b"')).toBe('a b');
    const { body, contentType } = buildMultipart([new Uint8Array([1, 2, 3])]);
    const cut = body.subarray(0, body.length - 20);
    expect(() => parseMultipart(cut, multipartBoundary(contentType)!)).toThrow(/not closed/);
    expect(() => parseMultipart(body, 'other')).toThrow(/no boundary "other"/);
  });
});

describe('dicomWebAuthFromEnv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seglens-auth-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes bearer and basic headers from variables or files (a trailing newline is not part of the secret)', async () => {
    const tokenFile = path.join(dir, 'token');
    await writeFile(tokenFile, 'abc.def\n');
    expect(await dicomWebAuthFromEnv({ SEGLENS_DICOMWEB_TOKEN_FILE: tokenFile })).toBe('Bearer abc.def');
    expect(await dicomWebAuthFromEnv({ SEGLENS_DICOMWEB_TOKEN: 'xyz' })).toBe('Bearer xyz');
    expect(
      await dicomWebAuthFromEnv({ SEGLENS_DICOMWEB_USER: 'ana', SEGLENS_DICOMWEB_PASSWORD: 'pä:ss' }),
    ).toBe(`Basic ${Buffer.from('ana:pä:ss').toString('base64')}`);
    expect(await dicomWebAuthFromEnv({})).toBeUndefined();
  });

  it('names every inconsistent setting', async () => {
    await expect(
      dicomWebAuthFromEnv({ SEGLENS_DICOMWEB_TOKEN: 'a', SEGLENS_DICOMWEB_USER: 'u' }),
    ).rejects.toThrow(/either a bearer token .* or a user and password/);
    await expect(dicomWebAuthFromEnv({ SEGLENS_DICOMWEB_PASSWORD: 'p' })).rejects.toThrow(
      'SEGLENS_DICOMWEB_PASSWORD is set but SEGLENS_DICOMWEB_USER is not',
    );
    const missing = path.join(dir, 'missing');
    await expect(dicomWebAuthFromEnv({ SEGLENS_DICOMWEB_TOKEN_FILE: missing })).rejects.toThrow(
      `SEGLENS_DICOMWEB_TOKEN_FILE=${missing}: cannot read it (ENOENT)`,
    );
    const empty = path.join(dir, 'empty');
    await writeFile(empty, '\n');
    await expect(dicomWebAuthFromEnv({ SEGLENS_DICOMWEB_TOKEN_FILE: empty })).rejects.toThrow(
      'the file is empty',
    );
  });
});

describe('DicomWebClient', () => {
  it('refuses URLs with credentials or another scheme, and UIDs that are not UIDs', async () => {
    expect(() => new DicomWebClient({ baseUrl: 'http://u:p@pacs/dicom-web' })).toThrow(/holds credentials/);
    expect(() => new DicomWebClient({ baseUrl: 'ftp://pacs/' })).toThrow(/only http and https/);
    expect(() => new DicomWebClient({ baseUrl: 'pacs' })).toThrow(/is not a URL/);
    const client = new DicomWebClient({ baseUrl: 'http://127.0.0.1:1/dicom-web/' });
    expect(client.baseUrl).toBe('http://127.0.0.1:1/dicom-web');
    await expect(client.searchSeries('1.2/../3')).rejects.toThrow(/is not a DICOM UID/);
  });
});

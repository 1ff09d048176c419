import path from 'node:path';
import {
  buildOhifManifest,
  buildOhifManifestForFolder,
  readDicomFiles,
  readDicomFolder,
  listDicomFiles,
} from '../../src/dicom';
import { CT_J2K_DIR, HIPPO_DIR, LIVER_CT_DIR, LIVER_DIR } from './helpers';

describe('buildOhifManifest', () => {
  it('lists the liver study: the CT series in slice order and both SEGs as single instances', async () => {
    const skipped: string[] = [];
    const manifest = await buildOhifManifestForFolder(LIVER_DIR, {
      baseUrl: 'https://example.org/data/liver',
      onSkip: (file, reason) => skipped.push(`${path.basename(file)}: ${reason}`),
    });
    expect(skipped).toEqual(['LICENSE: not a DICOM Part 10 file (no "DICM" prefix at byte 128)']);
    expect(manifest.studies).toHaveLength(1);
    const study = manifest.studies[0];
    expect(study.StudyInstanceUID).toBe('1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1');
    expect(study.PatientID).toBe('99000');
    expect(study.PatientName).toBe('JANCT000');
    expect(study.NumInstances).toBe(5);
    expect(study.Modalities).toBe('CT/SEG');
    const [ct, ...segs] = study.series;
    expect(ct.Modality).toBe('CT');
    expect(ct.instances.map((i) => i.url)).toEqual([
      'dicomweb:https://example.org/data/liver/dicom/03.dcm',
      'dicomweb:https://example.org/data/liver/dicom/02.dcm',
      'dicomweb:https://example.org/data/liver/dicom/01.dcm',
    ]);
    const meta = ct.instances[2].metadata;
    expect(meta.SOPInstanceUID).toBe('1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.23431.1');
    expect(meta.Rows).toBe(512);
    expect(meta.ImagePositionPatient).toEqual([-235.199997, -226.800003, -126.690002]);
    expect(meta.RescaleIntercept).toBe(-1024);
    expect(meta.PatientName).toEqual([{ Alphabetic: 'JANCT000' }]);
    expect(meta).not.toHaveProperty('PixelData');
    expect(segs.map((s) => [s.Modality, s.SeriesDescription, s.instances.length])).toEqual([
      ['SEG', 'Liver Segmentation', 1],
      ['SEG', 'Segmentation', 1],
    ]);
    const seg = segs[1].instances[0].metadata as Record<string, unknown> & {
      SegmentSequence: unknown[];
      PerFrameFunctionalGroupsSequence: unknown[];
    };
    expect(segs[1].instances[0].url).toBe('dicomweb:https://example.org/data/liver/partial_overlaps.dcm');
    expect(seg.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(seg.NumberOfFrames).toBe(7);
    expect(seg.SegmentSequence).toHaveLength(5);
    expect(seg.PerFrameFunctionalGroupsSequence).toHaveLength(7);
    expect(seg.ReferencedSeriesSequence).toEqual([
      expect.objectContaining({
        SeriesInstanceUID: '1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1',
      }),
    ]);
    // The manifest survives JSON (no ArrayBuffers or cycles left).
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
  });

  it('gives the anonymised J2K CT the same derived UIDs as readDicomSeries', async () => {
    const files = await readDicomFiles(await listDicomFiles(CT_J2K_DIR));
    const manifest = buildOhifManifest(files, (f) => `/ct/${path.basename(f.name)}`);
    const volume = await readDicomFolder(CT_J2K_DIR);
    expect(manifest.studies.map((s) => s.StudyInstanceUID)).toEqual([volume.dicom!.studyInstanceUID]);
    const series = manifest.studies[0].series;
    expect(series.map((s) => s.SeriesInstanceUID)).toEqual([volume.dicom!.seriesInstanceUID]);
    expect(series[0].instances.map((i) => i.metadata.SOPInstanceUID)).toEqual(volume.dicom!.sopInstanceUIDs);
    expect(series[0].instances[0].metadata.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(series[0].instances[0].url).toBe(
      'dicomweb:/ct/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016592',
    );
    expect(manifest.studies[0].PatientID).toBe('UNKNOWN');
  });

  it('finds the three hippocampus studies with 32, 35 and 40 slices', async () => {
    const manifest = await buildOhifManifestForFolder(HIPPO_DIR, { baseUrl: 'http://localhost:8080/hippo/' });
    expect(manifest.studies.map((s) => [s.Modalities, s.NumInstances, s.series[0].instances[0].url])).toEqual(
      [
        ['MR', 32, 'dicomweb:http://localhost:8080/hippo/Study1/13_HCropVolume/1.dcm'],
        ['MR', 35, 'dicomweb:http://localhost:8080/hippo/Study2/14_HCropVolume/1.dcm'],
        ['MR', 40, 'dicomweb:http://localhost:8080/hippo/Study3/11_HCropVolume/1.dcm'],
      ],
    );
    const last = manifest.studies[2].series[0].instances[39].metadata;
    expect(last.ImagePositionPatient).toEqual([0, 0, 40]);
  });

  it('fails on a non-DICOM file unless told to skip', async () => {
    const files = await readDicomFiles([path.join(LIVER_DIR, 'LICENSE'), path.join(LIVER_CT_DIR, '01.dcm')]);
    expect(() => buildOhifManifest(files, (f) => f.name)).toThrow(/LICENSE: not a DICOM Part 10 file/);
  });
});

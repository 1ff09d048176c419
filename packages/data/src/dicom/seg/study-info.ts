import { parseDataSet, toFileInput, type DicomInput } from '../parse';
import type { DicomStudyInfo } from './types';

const TAGS: Record<keyof DicomStudyInfo, string> = {
  PatientName: 'x00100010',
  PatientID: 'x00100020',
  PatientBirthDate: 'x00100030',
  PatientSex: 'x00100040',
  StudyDate: 'x00080020',
  StudyTime: 'x00080030',
  StudyID: 'x00200010',
  AccessionNumber: 'x00080050',
  ReferringPhysicianName: 'x00080090',
  StudyDescription: 'x00081030',
};

/**
 * The patient and study attributes of one instance of a series, for derived objects (SEG) that must repeat
 * them. A Volume keeps only UIDs, so pass any one file of the source series here.
 */
export function readDicomStudyInfo(input: DicomInput): DicomStudyInfo {
  const ds = parseDataSet(toFileInput(input, 0));
  const info: DicomStudyInfo = {};
  for (const [key, tag] of Object.entries(TAGS) as [keyof DicomStudyInfo, string][]) {
    const value = ds.string(tag);
    if (value) info[key] = value;
  }
  return info;
}

import type { Rgb } from './colour';

/** A coded concept (PS3.3 Table 8.8-1), e.g. { value: '10200004', scheme: 'SCT', meaning: 'Liver' }. */
export interface DicomCode {
  value: string;
  scheme: string;
  meaning: string;
}

/** One segment of a DICOM SEG as read back. */
export interface DicomSegment {
  /** SegmentNumber: the value this segment has in the label map. */
  number: number;
  label: string;
  description?: string;
  /** AUTOMATIC, SEMIAUTOMATIC or MANUAL. */
  algorithmType: string;
  algorithmName?: string;
  /** RecommendedDisplayCIELabValue converted to sRGB, when the SEG gives one. */
  rgb?: Rgb;
  /** The stored CIELab value (DICOM's 16-bit scaling). */
  cielab?: [number, number, number];
  category?: DicomCode;
  type?: DicomCode;
}

/** How a segment of the label map is to be described in a written SEG. */
export interface SegmentDefinition {
  /** The voxel value of this segment in the label Volume. */
  labelValue: number;
  label: string;
  description?: string;
  /** Display colour, sRGB 0..255; written as CIELab. Default: a colour from a fixed palette. */
  rgb?: Rgb;
  /** Default: Tissue (SCT 85756007). */
  category?: DicomCode;
  /** Default: Tissue (SCT 85756007). */
  type?: DicomCode;
}

/** Patient and study attributes copied into derived objects (all optional: DICOM allows them empty). */
export interface DicomStudyInfo {
  PatientName?: string;
  PatientID?: string;
  PatientBirthDate?: string;
  PatientSex?: string;
  StudyDate?: string;
  StudyTime?: string;
  StudyID?: string;
  AccessionNumber?: string;
  ReferringPhysicianName?: string;
  StudyDescription?: string;
}

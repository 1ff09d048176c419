// DICOMweb: a small QIDO-RS / WADO-RS / STOW-RS client and credentials from the environment.
export { DicomWebClient, DicomWebError, type DicomWebClientOptions } from './client';
export { dicomWebAuthFromEnv, DICOMWEB_ENV } from './auth';
export {
  TAG as DICOM_TAG,
  jsonNumber,
  jsonString,
  jsonStrings,
  type DicomJson,
  type DicomJsonAttribute,
} from './json';
export { buildMultipart, multipartBoundary, parseMultipart } from './multipart';

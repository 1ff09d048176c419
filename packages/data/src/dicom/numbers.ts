import type dicomParser from 'dicom-parser';

/** A decimal or integer string attribute's values (backslash-separated), or undefined when absent or empty. */
export function numbers(ds: dicomParser.DataSet | undefined, tag: string): number[] | undefined {
  if (!ds?.elements[tag] || ds.elements[tag].length === 0) return undefined;
  const raw = ds.string(tag);
  if (raw === undefined || raw === '') return undefined;
  return raw.split('\\').map((v) => parseFloat(v));
}

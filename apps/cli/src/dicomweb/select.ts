// Which studies a batch covers: --study uids, a QIDO filter (--query), or --all; then this process's shard.
import { DICOM_TAG, jsonString, type DicomJson, type DicomWebClient } from '@seglens/data';

/** QIDO pages: servers cap answers (Orthanc at 100 by default), so studies are listed page by page. */
const PAGE = 100;

export async function listStudies(
  client: DicomWebClient,
  select: { studies?: string[]; query?: Record<string, string>; all?: boolean },
): Promise<string[]> {
  if (select.studies && select.studies.length > 0) return [...new Set(select.studies)];
  const uids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.searchStudies({
      ...(select.query ?? {}),
      limit: String(PAGE),
      offset: String(offset),
    });
    for (const s of page) {
      const uid = jsonString(s, DICOM_TAG.StudyInstanceUID);
      if (uid) uids.push(uid);
    }
    if (page.length < PAGE) break;
  }
  return [...new Set(uids)];
}

/** FNV-1a of the UID: a study's shard depends on its UID alone, so shards stay disjoint as the archive grows. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface Shard {
  index: number; // 1-based
  count: number;
}

export function inShard(studyUid: string, shard: Shard | undefined): boolean {
  return !shard || hash(studyUid) % shard.count === shard.index - 1;
}

/** "i/n" with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m)
    return `--shard ${text}: expected i/n, e.g. 2/8 (this process takes the 2nd of 8 disjoint shares of the studies)`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: i must be in 1..n and n ≥ 1`;
  return { index, count };
}

/** "Key=Value" QIDO filters. */
export function parseQuery(items: readonly string[]): Record<string, string> | string {
  const query: Record<string, string> = {};
  for (const item of items) {
    const m = /^([A-Za-z][A-Za-z0-9]*|[0-9A-Fa-f]{8})=(.*)$/.exec(item);
    if (!m) return `--query ${item}: expected Keyword=value, e.g. ModalitiesInStudy=CT or PatientID=123`;
    query[m[1]] = m[2];
  }
  return query;
}

/** The SeriesInstanceUIDs of a SEG's ReferencedSeriesSequence (0008,1115), in order, as read from its metadata. */
export function referencedSeriesUids(segMeta: DicomJson): (string | undefined)[] {
  return ((segMeta['00081115']?.Value ?? []) as DicomJson[]).map((r) =>
    jsonString(r, DICOM_TAG.SeriesInstanceUID),
  );
}

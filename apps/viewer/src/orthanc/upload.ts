// Puts the demo studies into Orthanc (POST /instances, the files as they are). Anonymised files whose Study,
// Series or SOP Instance UID is blank (the TotalSegmentator CT) are refused by Orthanc; for those a copy gets
// the UIDs the manifest derived for them (the same the viewer shows in manifest mode), written with dcmtk's
// dcmodify, and goes in instead.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OhifManifest } from '@seglens/data';
import type { DemoIndex } from '../contracts';
import { findOnPath } from './locate';

const run = promisify(execFile);

export interface UploadOptions {
  /** Folder for patched copies. */
  workDir: string;
  /** File on disk of a served URL path (e.g. /data/... or /demo/...). */
  fileFor: (urlPath: string) => Promise<string>;
  /** Orthanc's Authorization header (see RunningOrthanc). */
  authorization?: string;
  concurrency?: number;
}

export interface UploadResult {
  instances: number;
  /** Files that needed their blank UIDs filled in before Orthanc took them. */
  patched: number;
}

interface Job {
  file: string;
  uids: { study: string; series: string; sop: string; sopClass?: string };
}

async function post(
  orthancUrl: string,
  bytes: Uint8Array<ArrayBuffer>,
  authorization: string | undefined,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${orthancUrl}/instances`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom', ...(authorization ? { authorization } : {}) },
    body: bytes,
  });
  return { status: response.status, body: await response.text() };
}

async function withUids(job: Job, workDir: string, index: number): Promise<Uint8Array<ArrayBuffer>> {
  const dcmodify = findOnPath('dcmodify');
  if (!dcmodify) {
    throw new Error(
      `${job.file} has blank UIDs, and filling them in for Orthanc needs dcmtk's dcmodify: apt-get install dcmtk`,
    );
  }
  const copy = path.join(workDir, 'patched', `${index}.dcm`);
  await mkdir(path.dirname(copy), { recursive: true });
  await copyFile(job.file, copy);
  const set = (tag: string, value: string): string[] => ['-i', `(${tag})=${value}`];
  await run(dcmodify, [
    '-nb',
    ...set('0020,000D', job.uids.study),
    ...set('0020,000E', job.uids.series),
    ...set('0008,0018', job.uids.sop),
    ...(job.uids.sopClass ? set('0008,0016', job.uids.sopClass) : []),
    copy,
  ]);
  return new Uint8Array(await readFile(copy));
}

export async function uploadDemoStudies(
  orthancUrl: string,
  index: DemoIndex,
  options: UploadOptions,
): Promise<UploadResult> {
  const jobs: Job[] = [];
  for (const study of index.studies) {
    const manifest = JSON.parse(
      await readFile(await options.fileFor(study.manifest), 'utf8'),
    ) as OhifManifest;
    for (const s of manifest.studies) {
      for (const series of s.series) {
        for (const instance of series.instances) {
          const m = instance.metadata;
          jobs.push({
            file: await options.fileFor(instance.url.replace(/^dicomweb:/, '')),
            uids: {
              study: String(m.StudyInstanceUID),
              series: String(m.SeriesInstanceUID),
              sop: String(m.SOPInstanceUID),
              sopClass: typeof m.SOPClassUID === 'string' ? m.SOPClassUID : undefined,
            },
          });
        }
      }
    }
  }
  let next = 0;
  let patched = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      let answer = await post(orthancUrl, new Uint8Array(await readFile(job.file)), options.authorization);
      // 400 is Orthanc's "Bad file format", which for these files means the blank UIDs.
      if (answer.status === 400) {
        answer = await post(orthancUrl, await withUids(job, options.workDir, i), options.authorization);
        patched++;
      }
      if (answer.status !== 200) {
        throw new Error(`Orthanc refused ${job.file} (HTTP ${answer.status}): ${answer.body.trim()}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return { instances: jobs.length, patched };
}

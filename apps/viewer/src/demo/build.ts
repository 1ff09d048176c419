// Builds dist/demo/: one OHIF DICOM JSON manifest per demo study (<id>.json), the DICOM generated for the
// studies that exist only as NIfTI or images (<id>/...), and index.json. A study is regenerated only when
// its inputs (or this generator's version) changed since the last build.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { OhifManifest } from '@seglens/data';
import { DEMO_URL_PREFIX, viewerUrl, type DemoIndex, type DemoStudyEntry } from '../contracts';
import { fingerprint, removeTempLeftovers, replaceDir, writeIfChanged } from '../build/fs-steps';
import type { BuildRecord } from '../build/record';
import { manifestOf } from './files';
import { DEMO_STUDIES, type DemoStudyDefinition } from './studies';

/**
 * Bump when the generated files or manifests change for the same inputs, so existing builds regenerate.
 * 2: NIfTI studies are written as DICOM in the display convention (a RAS crop as LPS slices, IOP 1\0\0\0\1\0).
 * 3: grey series carry a VOI window. 4: CT/cardiac studies, even CT slices. 5: no PixelSpacing on photographs.
 * 6: descriptions fit LO; the Type 2C attributes dciodvfy asks for. 7: ct-abdomen has TotalSegmentator's SEG.
 */
export const DEMO_GENERATOR_VERSION = 7;

export interface DemoBuildOptions {
  /** dist/demo */
  demoDir: string;
  dataDir: string;
  record: BuildRecord;
  force?: boolean;
  log?: (line: string) => void;
}

async function buildStudy(
  study: DemoStudyDefinition,
  options: DemoBuildOptions,
): Promise<{ manifest: OhifManifest; rebuilt: boolean }> {
  const { demoDir, dataDir, record } = options;
  const part = `demo/${study.id}`;
  const manifestPath = path.join(demoDir, `${study.id}.json`);
  const studyDir = path.join(demoDir, study.id);
  const inputs = await study.inputs(dataDir);
  const stamp = await fingerprint(inputs, { version: DEMO_GENERATOR_VERSION, id: study.id, dataDir });
  const outputsExist = existsSync(manifestPath) && (!study.generated || existsSync(studyDir));
  if (!options.force && outputsExist && record.get(part) === stamp) {
    return { manifest: JSON.parse(await readFile(manifestPath, 'utf8')) as OhifManifest, rebuilt: false };
  }
  let manifest: OhifManifest | undefined;
  if (study.generated) {
    await replaceDir(studyDir, async (tmp) => {
      manifest = await manifestOf(study.id, await study.files(dataDir, tmp));
    });
  } else {
    manifest = await manifestOf(study.id, await study.files(dataDir, studyDir));
    await rm(studyDir, { recursive: true, force: true });
  }
  if (!manifest) throw new Error(`demo study "${study.id}": no manifest was built`);
  await writeIfChanged(manifestPath, JSON.stringify(manifest) + '\n');
  await record.set(part, stamp);
  return { manifest, rebuilt: true };
}

/** Builds every demo study and writes index.json; returns the index entries and the parts rebuilt. */
export async function buildDemo(
  options: DemoBuildOptions,
): Promise<{ studies: DemoStudyEntry[]; rebuilt: string[] }> {
  await removeTempLeftovers(options.demoDir);
  const entries: DemoStudyEntry[] = [];
  const rebuilt: string[] = [];
  for (const study of DEMO_STUDIES) {
    const started = Date.now();
    const result = await buildStudy(study, options);
    const { manifest } = result;
    const manifestUrl = `${DEMO_URL_PREFIX}${study.id}.json`;
    const studyInstanceUID = manifest.studies[0].StudyInstanceUID;
    entries.push({
      id: study.id,
      title: study.title,
      description: study.description(manifest),
      studyInstanceUID,
      manifest: manifestUrl,
      viewerUrl: viewerUrl(manifestUrl, studyInstanceUID),
    });
    if (result.rebuilt) {
      rebuilt.push(`demo/${study.id}`);
      options.log?.(`demo/${study.id}: built in ${Date.now() - started} ms`);
    }
  }
  const index: DemoIndex = { studies: entries };
  await writeIfChanged(path.join(options.demoDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return { studies: entries, rebuilt };
}

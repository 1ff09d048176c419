#!/usr/bin/env node
// Writes OHIF's DICOM JSON manifest for a folder of DICOM files, so OHIF can open them with its static
// "dicomjson" data source (/viewer/dicomjson?url=<manifest url>) from any plain web server.
//
//   node tools/dicom-manifest.mjs <dicom folder> --base-url <url the folder is served at> --out manifest.json
//
// Uses the built @seglens/data (npx nx run data:build first).
import { buildOhifManifestForFolder, writeFileAtomic } from '@seglens/data';

const usage = 'usage: node tools/dicom-manifest.mjs <dicom folder> --base-url <url> --out <manifest.json>';

function parseArgs(argv) {
  const args = { folder: undefined, baseUrl: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--base-url') args.baseUrl = argv[++i];
    else if (arg === '--out') args.out = argv[++i];
    else if (arg === '-h' || arg === '--help') {
      console.log(usage);
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${usage}`);
    else if (args.folder === undefined) args.folder = arg;
    else throw new Error(`unexpected argument ${arg}\n${usage}`);
  }
  for (const [key, flag] of [
    ['folder', '<dicom folder>'],
    ['baseUrl', '--base-url'],
    ['out', '--out'],
  ]) {
    if (!args[key]) throw new Error(`missing ${flag}\n${usage}`);
  }
  return args;
}

try {
  const { folder, baseUrl, out } = parseArgs(process.argv.slice(2));
  const skipped = [];
  const manifest = await buildOhifManifestForFolder(folder, {
    baseUrl,
    onSkip: (file, reason) => skipped.push(`${file}: ${reason}`),
  });
  await writeFileAtomic(out, JSON.stringify(manifest, null, 2) + '\n');
  for (const line of skipped) console.warn(`skipped ${line}`);
  for (const study of manifest.studies) {
    console.log(
      `study ${study.StudyInstanceUID} (${study.Modalities}): ${study.series.length} series, ${study.NumInstances} instances`,
    );
  }
  console.log(`wrote ${out}`);
} catch (error) {
  console.error(`dicom-manifest: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

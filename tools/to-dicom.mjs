#!/usr/bin/env node
// Converts a NIfTI volume or a PNG/JPEG image into a DICOM series (one instance per slice), for studies that
// only exist as NIfTI or images, so the OHIF viewer can show them.
//
//   node tools/to-dicom.mjs <case.nii.gz | image.png | image.jpg> --out <folder> --patient-name <name>
//        [--patient-id <id>] [--modality MR|CT|OT|XC...] [--series-description <text>] [--study-uid <uid>]
//
// CT and MR give CT/MR Image Storage, other modalities and RGB images Secondary Capture. Slices keep the
// NIfTI's acquisition plane with rows and columns in the plane's display order (a RAS NIfTI becomes LPS slices,
// ImageOrientationPatient 1\0\0\0\1\0), every voxel at its NIfTI world position. Uses the built
// @seglens/data (npx nx run data:build first).
import { readImageFile, readNiftiFile, volumeToDicomSeries, writeDicomFiles } from '@seglens/data';

const usage =
  'usage: node tools/to-dicom.mjs <input.nii[.gz]|.png|.jpg> --out <folder> --patient-name <name> ' +
  '[--patient-id <id>] [--modality <MR|CT|OT|...>] [--series-description <text>] [--study-uid <uid>]';

function parseArgs(argv) {
  const flags = {
    '--out': 'out',
    '--patient-name': 'patientName',
    '--patient-id': 'patientId',
    '--modality': 'modality',
    '--series-description': 'seriesDescription',
    '--study-uid': 'studyInstanceUID',
  };
  const args = { input: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      console.log(usage);
      process.exit(0);
    } else if (arg in flags) {
      if (argv[i + 1] === undefined) throw new Error(`${arg} needs a value\n${usage}`);
      args[flags[arg]] = argv[++i];
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${usage}`);
    else if (args.input === undefined) args.input = arg;
    else throw new Error(`unexpected argument ${arg}\n${usage}`);
  }
  if (!args.input) throw new Error(`missing the input file\n${usage}`);
  if (!args.out) throw new Error(`missing --out\n${usage}`);
  if (!args.patientName) throw new Error(`missing --patient-name\n${usage}`);
  return args;
}

try {
  const { input, out, ...options } = parseArgs(process.argv.slice(2));
  const lower = input.toLowerCase();
  let volume;
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) volume = (await readNiftiFile(input)).volume;
  else if (/\.(png|jpe?g)$/.test(lower)) volume = await readImageFile(input);
  else throw new Error(`${input}: expected a .nii, .nii.gz, .png, .jpg or .jpeg file`);
  const files = volumeToDicomSeries(volume, {
    modality: 'OT',
    ...options,
    seriesDescription: options.seriesDescription ?? `converted from ${input.split('/').pop()}`,
  });
  const paths = await writeDicomFiles(out, files);
  console.log(`wrote ${paths.length} DICOM file(s) of ${volume.dims.join('x')} voxels to ${out}`);
} catch (error) {
  console.error(`to-dicom: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

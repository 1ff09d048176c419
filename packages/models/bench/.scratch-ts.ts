import { readDicomFolder, readNiftiFile, resampleLabels } from '@seglens/data';
import { loadModelFromDirectory, segment, selectBackend } from '../src';
const MAP: [string, number, number][] = [
  ['spleen', 1, 1], ['liver', 5, 6], ['stomach', 6, 7], ['pancreas', 7, 11], ['right adrenal gland', 8, 12],
  ['aorta', 52, 8], ['inferior vena cava', 63, 9], ['portal and splenic vein', 64, 10],
];
async function main() {
  await selectBackend({ force: 'wasm', threads: 1 });
  const dir = '/work/shared/data/ct-abdomen-totalsegmentator';
  const ct = await readDicomFolder(`${dir}/dicom`);
  const { volume: ts } = await readNiftiFile(`${dir}/labels.nii.gz`);
  const ref = resampleLabels(ts, ct);
  const rows: string[] = [];
  for (const name of ['ct-abdomen-rce', 'ct-abdomen-dice', 'ct-abdomen-ce']) {
    const model = await loadModelFromDirectory(`pretrained/${name}`);
    const { labels } = await segment(model, ct);
    const cells: string[] = [];
    let sum = 0;
    for (const [cls, t, b] of MAP) {
      let tp = 0, fp = 0, fn = 0, nr = 0, np = 0;
      for (let i = 0; i < ref.voxels.length; i++) {
        const r = ref.voxels[i] === t, p = labels.voxels[i] === b;
        if (r && p) tp++; else if (p) fp++; else if (r) fn++;
        if (r) nr++; if (p) np++;
      }
      const dsc = nr + np === 0 ? NaN : (2 * tp) / (2 * tp + fp + fn);
      sum += dsc;
      cells.push(`${cls} ${dsc.toFixed(3)} (${(100*np/ref.voxels.length).toFixed(2)}% vs ${(100*nr/ref.voxels.length).toFixed(2)}%)`);
    }
    rows.push(`${name}: mean ${(sum / MAP.length).toFixed(3)} | ${cells.join(' | ')}`);
  }
  console.log(rows.join('\n'));
  process.exit(0);
}
main();

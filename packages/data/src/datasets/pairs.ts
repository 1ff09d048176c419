// Node only: finds image/label file pairs in a dataset folder.
import { errorMessage, nodeFs, nodePath } from '../config/node';

/** One image file and its label file. */
export interface FilePair {
  /** The image's file name (unique in the folder). */
  id: string;
  image: string;
  label: string;
}

export interface FolderListing {
  /** '2d': images/ + masks/ (PNG/JPEG); 'volume': images/ + labels/ (NIfTI). */
  kind: '2d' | 'volume';
  pairs: FilePair[];
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;
const NIFTI_EXT = /\.nii(\.gz)?$/i;

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await nodeFs('listImagePairs').stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await nodeFs('listImagePairs').readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    throw new Error(`listImagePairs: cannot list ${dir}: ${errorMessage(error)}`);
  }
}

/**
 * Pairs the files of a dataset folder. Layout `images/` + `masks/`: each PNG/JPEG image needs a mask named like it
 * (any of .png/.jpg/.jpeg, optionally with a `_mask` suffix, e.g. a.jpg -> a.png or a_mask.png). Layout
 * `images/` + `labels/`: each .nii/.nii.gz image needs a label file with the same name. Missing folders, an empty
 * images/ folder, a missing or ambiguous mask: each throws an Error naming the folder or file. Node only.
 */
export async function listImagePairs(root: string): Promise<FolderListing> {
  const { join } = nodePath('listImagePairs');
  const imagesDir = join(root, 'images');
  if (!(await isDirectory(imagesDir))) throw new Error(`dataset folder ${root}: no images/ folder`);
  const hasMasks = await isDirectory(join(root, 'masks'));
  const hasLabels = await isDirectory(join(root, 'labels'));
  if (hasMasks === hasLabels) {
    throw new Error(
      `dataset folder ${root}: needs exactly one of masks/ (PNG/JPEG masks) or labels/ (NIfTI label maps)` +
        (hasMasks ? ', found both' : ''),
    );
  }
  const kind = hasMasks ? '2d' : 'volume';
  const labelDir = join(root, hasMasks ? 'masks' : 'labels');
  const accepted = kind === '2d' ? IMAGE_EXT : NIFTI_EXT;
  const images = (await listFiles(imagesDir)).filter((f) => accepted.test(f));
  if (images.length === 0) {
    throw new Error(
      `dataset folder ${root}: images/ holds no ${kind === '2d' ? 'PNG/JPEG' : '.nii/.nii.gz'} files`,
    );
  }
  const labelFiles = new Set(await listFiles(labelDir));
  const pairs = images.map((image): FilePair => {
    let candidates: string[];
    if (kind === 'volume') {
      candidates = [image];
    } else {
      const stem = image.replace(IMAGE_EXT, '');
      candidates = [stem, `${stem}_mask`].flatMap((s) => ['.png', '.jpg', '.jpeg'].map((e) => s + e));
    }
    const found = candidates.filter((c) => labelFiles.has(c));
    if (found.length === 0) {
      throw new Error(
        `dataset folder ${root}: no ${kind === '2d' ? 'mask' : 'label'} for images/${image} (looked for ${candidates.join(', ')} in ${labelDir})`,
      );
    }
    if (found.length > 1) {
      throw new Error(`dataset folder ${root}: images/${image} has several masks (${found.join(', ')})`);
    }
    return { id: image, image: join(imagesDir, image), label: join(labelDir, found[0]) };
  });
  return { kind, pairs };
}

import { errorMessage, nodeFs, nodePath } from './node';

/**
 * Writes `bytes` to `path` so that readers never see a half-written file: the bytes go to a temporary file in
 * the same folder (same file system, so the rename is atomic), which then replaces `path`. A file that is
 * replaced keeps its permission bits (the rename would otherwise give it the temporary file's). On failure the
 * temporary file is removed and the Error names the target path. Node only.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const fs = nodeFs('writeFileAtomic');
  const { dirname, basename, join } = nodePath('writeFileAtomic');
  const suffix = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${suffix}`);
  try {
    const mode = await fs.stat(path).then(
      (st) => (st.isFile() ? st.mode & 0o7777 : undefined),
      () => undefined,
    );
    await fs.writeFile(tmp, bytes);
    if (mode !== undefined) await fs.chmod(tmp, mode);
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new Error(`writeFileAtomic: could not write ${path}: ${errorMessage(error)}`);
  }
}

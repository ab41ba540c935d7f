import { CIFAR_FILE, CIFAR_UPLOAD_PREFIX, isCifarDrop } from '@/data/cifar10/cache-names';
import { deleteFile, listFiles, putFile } from '@/storage/data-files';

/**
 * CIFAR-10 dropped on the page (its folder of batches, the loose .bin files, or the tarball) is
 * kept where data.load('cifar-10') looks first, in place of an earlier upload, so the next load
 * reads it without a prompt. Returns the names kept, or null when the drop is not CIFAR-10.
 */
export async function keepCifarDrop(files: readonly File[]): Promise<string[] | null> {
  if (!isCifarDrop(files.map((f) => f.name))) return null;
  const wanted = files.filter((f) => CIFAR_FILE.test(f.name));
  const earlier = (await listFiles()).filter(
    (f) => f.datasetId === 'cifar-10' && f.name.startsWith(CIFAR_UPLOAD_PREFIX),
  );
  for (const f of earlier) await deleteFile(f.name);
  for (const file of wanted) {
    const bytes = await file.arrayBuffer();
    await putFile({
      name: `${CIFAR_UPLOAD_PREFIX}${file.name}`,
      bytes,
      size: file.size,
      source: 'drop',
      datasetId: 'cifar-10',
      addedAt: Date.now(),
    });
  }
  return wanted.map((f) => f.name);
}

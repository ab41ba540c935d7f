/**
 * Names under which CIFAR-10 files are kept in the browser (storage/data-files), shared by the
 * kernel's data.load('cifar-10') and the page, which keeps a dropped folder there too.
 */

/** The user's files (an upload, or a drop on the page): each new set replaces the last. */
export const CIFAR_UPLOAD_PREFIX = 'dataset:cifar-10:';

/** What data.load('cifar-10') reads: an archive, or a batch or meta file by its official name. */
export const CIFAR_FILE =
  /(\.tar\.gz|\.tgz|\.tar|\.bin)$|^(data_batch_\d|test_batch|batches\.meta(\.txt)?)$/;

/** A drop holds CIFAR-10 when it has a batch file by its official name, or the official archive. */
export function isCifarDrop(names: readonly string[]): boolean {
  return names.some(
    (n) =>
      /^(data_batch_\d|test_batch)(\.bin)?$/.test(n) ||
      /^cifar-10-(binary|python).*\.tar(\.gz)?$/.test(n),
  );
}

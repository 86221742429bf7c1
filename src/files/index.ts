// The files area's face: uploads, downloads and where their bytes live.
import type { S3Settings } from './s3-blob-storage.js';
import type { BlobStorage } from './types.js';

export type { BlobStorage, FileInfo, FileSettings, LinkSigner } from './types.js';
export { DiskBlobStorage } from './disk-blob-storage.js';
export type { S3Settings } from './s3-blob-storage.js';
export { FileService, FILE_PATH_PREFIX, filePath, type FileServiceDeps, type FileVariant, type IncomingFile, type OpenedFile } from './file-service.js';

/** The AWS SDK loads only when files go to S3: nodes storing on disk never hold its code (issue 17). */
export async function openS3BlobStorage(settings: S3Settings): Promise<BlobStorage> {
  const { S3BlobStorage } = await import('./s3-blob-storage.js');
  return new S3BlobStorage(settings);
}

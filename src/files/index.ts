// The files area's face: uploads, downloads and where their bytes live.
export type { BlobStorage, FileInfo, FileSettings, LinkSigner } from './types.js';
export { DiskBlobStorage } from './disk-blob-storage.js';
export { S3BlobStorage, type S3Settings } from './s3-blob-storage.js';
export { FileService, FILE_PATH_PREFIX, filePath, type FileServiceDeps, type FileVariant, type IncomingFile, type OpenedFile } from './file-service.js';

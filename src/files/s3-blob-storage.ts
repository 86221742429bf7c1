import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { GlideError } from '../core/index.js';
import type { BlobStorage } from './types.js';

export interface S3Settings {
  /** Empty for AWS itself; else the S3-compatible server (MinIO, R2, Ceph…). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`: what most self-hosted servers need. */
  forcePathStyle: boolean;
}

/** Objects in one bucket of any S3-compatible service; the bucket must exist. */
export class S3BlobStorage implements BlobStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
    });
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    } catch (err) {
      throw new GlideError('FILE_STORAGE_FAILED', `cannot store ${key} in bucket ${this.settings.bucket}: ${(err as Error).message}`, { cause: err });
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return object.Body instanceof Readable ? object.Body : undefined;
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return undefined;
      throw new GlideError('FILE_STORAGE_FAILED', `cannot read ${key} from bucket ${this.settings.bucket}: ${(err as Error).message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

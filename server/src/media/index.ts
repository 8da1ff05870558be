export { FileBlobStore, fileMediaStorage } from './blob-store';
export type { ByteRange, MediaBlobStore } from './blob-store';
export { MediaSigner } from './signing';
export type { MediaUrls } from './signing';
export { MediaService } from './service';
export type { MediaOptions } from './service';
export { mediaUploadRoutes } from './upload';
export type { MediaUploadDeps } from './upload';
export { mediaServeRoutes } from './serve';

import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { DemoMediaSeed } from './demo-media.seed';
import { LocalDiskMediaStorage } from './local-disk-media-storage';
import { MediaAdminController } from './media-admin.controller';
import { MediaStorage } from './media-storage';
import { MediaUploadInterceptor } from './media-upload.interceptor';
import { MediaController } from './media.controller';
import { MediaRepository } from './media.repository';
import { MediaService } from './media.service';

/**
 * Uploaded images: the console uploads (POST /api/v1/admin/media), everyone reads them
 * (GET /api/v1/media/:id/original|thumb). Other modules store MediaAsset ids and call MediaService.resolve.
 */
@Module({
  controllers: [MediaAdminController, MediaController],
  providers: [
    MediaRepository,
    MediaService,
    MediaUploadInterceptor,
    DemoMediaSeed,
    {
      provide: MediaStorage,
      // media.driver 'local' is the only one today; an S3-compatible storage class would be chosen here.
      useFactory: (config: AppConfig) => new LocalDiskMediaStorage(config.media.dir),
      inject: [AppConfig],
    },
  ],
  exports: [MediaService, DemoMediaSeed],
})
export class MediaModule {}

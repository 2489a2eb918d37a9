import { Controller, Get, Post, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { MediaIdsQueryDto } from './dto/media.dto';
import { UPLOAD_FIELD, type UploadedImageFile } from './media-upload';
import { MediaUploadInterceptor, UploadedImage } from './media-upload.interceptor';
import { MediaService } from './media.service';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/media')
export class MediaAdminController {
  constructor(private readonly media: MediaService) {}

  /** Uploads one image (JPEG, PNG or WebP, up to media.maxBytes) for goods and posters. */
  @Post()
  @Roles(...WRITE_ROLES)
  @UseInterceptors(MediaUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD],
      properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary', description: 'JPG、PNG 或 WebP 图片' } },
    },
  })
  upload(@UploadedImage() file: UploadedImageFile, @CurrentOperator() op: OperatorPrincipal) {
    return this.media.upload(file, op);
  }

  /** The assets of comma-separated ids, in that order (unknown ids left out): a form showing saved images. */
  @Get()
  list(@Query() q: MediaIdsQueryDto) {
    return this.media.resolve(q.ids.split(',').map(Number));
  }
}

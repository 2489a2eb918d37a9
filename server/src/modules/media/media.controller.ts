import { Controller, Get, Param, ParseIntPipe, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MediaFileQueryDto } from './dto/media.dto';
import { MediaService, type MediaFile } from './media.service';

// The URL carries the image's hash (v) and an asset never changes content: caches may keep it for good.
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Sends one image variant with long-lived cache headers; a matching If-None-Match gets 304. */
function send(req: Request, res: Response, file: MediaFile): void {
  res.set({
    'Content-Type': file.contentType,
    'Cache-Control': IMMUTABLE,
    ETag: file.etag,
    'Content-Disposition': 'inline',
  });
  const match = String(req.headers['if-none-match'] ?? '');
  if (match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) {
    file.stream.destroy();
    res.status(304).end();
    return;
  }
  res.status(200).set('Content-Length', String(file.bytes));
  file.stream.on('error', () => res.destroy());
  file.stream.pipe(res);
}

/** Public: the images appear in the member pages (H5 and the mini-program) without a sign-in. */
@ApiTags('media')
@Controller('api/v1/media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Get(':id/original')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  async original(
    @Param('id', ParseIntPipe) id: number,
    @Query() q: MediaFileQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(req, res, await this.media.open(id, 'original', q.v));
  }

  @Get(':id/thumb')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  async thumb(
    @Param('id', ParseIntPipe) id: number,
    @Query() q: MediaFileQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(req, res, await this.media.open(id, 'thumb', q.v));
  }
}

import { IsOptional, Matches } from 'class-validator';

/** Most ids one lookup takes (a goods has at most a handful of images). */
export const MEDIA_IDS_MAX = 50;

export class MediaFileQueryDto {
  // The first 16 hex digits of the image's sha256, as the asset's URLs carry them.
  @IsOptional() @Matches(/^[0-9a-f]{16}$/, { message: '图片版本 v 须为 16 位十六进制' }) v?: string;
}

export class MediaIdsQueryDto {
  @Matches(new RegExp(`^[1-9]\\d{0,9}(,[1-9]\\d{0,9}){0,${MEDIA_IDS_MAX - 1}}$`), {
    message: `ids 须为逗号分隔的图片编号，最多 ${MEDIA_IDS_MAX} 个`,
  })
  ids!: string;
}

import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EDGE_LIMITS } from './edge/edge-limits';

/** ?page=&pageSize= on list routes: whole numbers, a page at most 100 rows, no page past EDGE_LIMITS.maxPage. */
export class PageDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EDGE_LIMITS.maxPage) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

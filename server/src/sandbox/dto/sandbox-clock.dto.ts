import { IsInt, IsISO8601, IsOptional, ValidateIf } from 'class-validator';

/** Give `now`, `offsetSeconds`, or both (set first, then shift). */
export class SetClockDto {
  @ValidateIf((dto: SetClockDto) => dto.now !== undefined || dto.offsetSeconds === undefined)
  @IsISO8601({ strict: true })
  now?: string;

  /** Seconds to move the clock by; negative goes back. */
  @IsOptional()
  @IsInt()
  offsetSeconds?: number;
}

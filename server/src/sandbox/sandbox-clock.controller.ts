import { Body, Controller, Get, HttpCode, Post, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Clock } from '../common/clock';
import { SetClockDto } from './dto/sandbox-clock.dto';
import { sandboxValidationPipe } from './sandbox-validation.pipe';

/** Moves the server's clock so expiry, reminders and code lifetimes can be demonstrated and tested. */
@ApiTags('sandbox')
@Controller('sandbox/clock')
@UsePipes(sandboxValidationPipe)
export class SandboxClockController {
  constructor(private readonly clock: Clock) {}

  @Get()
  now(): { now: string } {
    return { now: this.clock.now().toISOString() };
  }

  @Post()
  @HttpCode(200)
  set(@Body() dto: SetClockDto): { now: string } {
    if (dto.now !== undefined) this.clock.setNow(new Date(dto.now));
    if (dto.offsetSeconds !== undefined) this.clock.advance(dto.offsetSeconds);
    return this.now();
  }
}

import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '../../common/rate-limit/throttle.guard';
import { CurrentStaff } from '../auth/current-principal.decorator';
import { StaffGuard } from '../auth/guards';
import type { StaffPrincipal } from '../auth/token.service';
import { MallPickupDto, MallPickupLookupDto } from './dto/mall.dto';
import { MallPickupsService } from './mall-pickups.service';

// Staff of an active store, themselves active (StaffGuard): a disabled clerk or store is refused at once.
@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/mall/pickups')
export class StaffMallController {
  constructor(private readonly pickups: MallPickupsService) {}

  /** A scanned or typed pickup code: the order, its member, and whether this clerk can hand it over. */
  @Post('lookup')
  @HttpCode(200)
  @Throttle('staffLookup', 'staff') // a scan shows the member like a lookup, and counts as one
  lookup(@CurrentStaff() staff: StaffPrincipal, @Body() body: MallPickupLookupDto) {
    return this.pickups.lookup(staff, body.code);
  }

  @Post()
  confirm(@CurrentStaff() staff: StaffPrincipal, @Body() body: MallPickupDto) {
    return this.pickups.confirm(staff, body);
  }

  @Get('today')
  today(@CurrentStaff() staff: StaffPrincipal) {
    return this.pickups.today(staff);
  }
}

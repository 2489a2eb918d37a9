import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff } from '../auth/current-principal.decorator';
import { StaffGuard } from '../auth/guards';
import type { StaffPrincipal } from '../auth/token.service';
import { StaffSalesQueryDto } from './dto/staff-sales.dto';
import { StaffSalesService } from './staff-sales.service';

// Same prefix as StaffPurchasesController; GET without a receipt no. is the list.
@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/purchases')
export class StaffSalesController {
  constructor(private readonly sales: StaffSalesService) {}

  @Get()
  today(@CurrentStaff() staff: StaffPrincipal, @Query() query: StaffSalesQueryDto) {
    return this.sales.today(staff, query);
  }
}

import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MAX_BILL_FEN, type SaleApprovalRequest } from '@member/shared';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CurrentStaff } from '../auth/current-principal.decorator';
import { StaffGuard } from '../auth/guards';
import type { StaffPrincipal } from '../auth/token.service';
import { SaleApprovalsService } from './sale-approvals.service';

export class SaleApprovalDto implements SaleApprovalRequest {
  @IsInt() @Min(1) @Max(2_147_483_647) checkoutId!: number;
  @IsInt() @Min(1) @Max(MAX_BILL_FEN) amountFen!: number;
  @IsInt() @Min(1) @Max(2_147_483_647) approverStaffId!: number;
  @IsString() @Matches(/^\d{6}$/, { message: '确认密码为 6 位数字' }) pin!: string;
}

@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/approvals')
export class SaleApprovalsController {
  constructor(private readonly approvals: SaleApprovalsService) {}

  /** A manager of the clerk's store approves a bill beyond the clerk's limits with their PIN (201). */
  @Post()
  approve(@CurrentStaff() staff: StaffPrincipal, @Body() body: SaleApprovalDto) {
    return this.approvals.approve(staff, body);
  }
}

import { Body, Controller, Get, Param, ParseIntPipe, Patch, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import { MemberScopeGuard } from './member-scope';
import type { OperatorPrincipal } from '../auth/token.service';
import { AdminMembersService } from './admin-members.service';
import { AdminUpdateMemberDto, MemberListQueryDto } from './dto/member.dto';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard, MemberScopeGuard)
@Controller('api/v1/admin/members')
export class AdminMembersController {
  constructor(private readonly members: AdminMembersService) {}

  @Get()
  list(@Query() query: MemberListQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.members.list(query, op);
  }

  @Get(':id')
  @Roles(...PERSONAL_DATA_ROLES)
  detail(@Param('id', ParseIntPipe) id: number) {
    return this.members.detail(id);
  }

  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: AdminUpdateMemberDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.members.update(id, body, op);
  }
}

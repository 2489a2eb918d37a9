import { Controller, Get, Param, ParseIntPipe, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageDto } from '../../common/page.dto';
import { CurrentMember } from '../auth/current-principal.decorator';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { MemberGuard, OperatorGuard, Roles } from '../auth/guards';
import { MemberScopeGuard } from '../members/member-scope';
import type { MemberPrincipal } from '../auth/token.service';
import { MemberPointsService } from './member-points.service';

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me')
export class MemberPointsController {
  constructor(private readonly memberPoints: MemberPointsService) {}

  @Get('points')
  points(@CurrentMember() m: MemberPrincipal, @Query() q: PageDto) {
    return this.memberPoints.forMember(m.memberId, q.page, q.pageSize);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard, MemberScopeGuard)
@Roles(...PERSONAL_DATA_ROLES)
@Controller('api/v1/admin/members/:id')
export class AdminMemberPointsController {
  constructor(private readonly memberPoints: MemberPointsService) {}

  @Get('points')
  points(@Param('id', ParseIntPipe) id: number, @Query() q: PageDto) {
    return this.memberPoints.forMember(id, q.page, q.pageSize);
  }
}

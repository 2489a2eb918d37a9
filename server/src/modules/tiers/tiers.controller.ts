import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DecideRuleChangeDto, RuleChangeQueryDto } from '../../common/rule-change.dto';
import { CurrentMember, CurrentOperator } from '../auth/current-principal.decorator';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { MemberGuard, OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import { MemberScopeGuard } from '../members/member-scope';
import type { MemberPrincipal, OperatorPrincipal } from '../auth/token.service';
import { CreateTierDto, SetMemberTierDto, TierReviewQueryDto, UpdateTierDto } from './dto/tiers.dto';
import { MemberTierAdminService } from './member-tier-admin.service';
import { MemberTierViewService } from './member-tier-view.service';
import { TierReviewsService } from './tier-reviews.service';
import { TiersService } from './tiers.service';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/tiers')
export class TiersAdminController {
  constructor(private readonly tiers: TiersService) {}

  @Get()
  list() {
    return this.tiers.list();
  }

  @Post()
  @Roles(...WRITE_ROLES)
  create(@Body() body: CreateTierDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.tiers.create(body, op);
  }

  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateTierDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.tiers.update(id, body, op);
  }

  /** Tier changes, newest first (history and pending approvals). */
  @Get('changes')
  changes(@Query() q: RuleChangeQueryDto) {
    return this.tiers.changes(q.status);
  }

  @Post('changes/:id/approve')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  approve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DecideRuleChangeDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.tiers.approve(id, op, body.note);
  }

  @Post('changes/:id/reject')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  reject(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DecideRuleChangeDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.tiers.reject(id, op, body.note);
  }
}

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/tiers')
export class MemberTiersController {
  constructor(private readonly tiers: TiersService) {}

  @Get()
  list() {
    return this.tiers.memberTiers();
  }
}

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me/tier')
export class MemberTierController {
  constructor(private readonly memberTier: MemberTierViewService) {}

  @Get()
  tierView(@CurrentMember() m: MemberPrincipal) {
    return this.memberTier.forMember(m.memberId);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard, MemberScopeGuard)
@Controller('api/v1/admin/members/:id/tier')
export class AdminMemberTierController {
  constructor(
    private readonly memberTier: MemberTierViewService,
    private readonly memberTiers: MemberTierAdminService,
  ) {}

  @Get()
  @Roles(...PERSONAL_DATA_ROLES)
  tierView(@Param('id', ParseIntPipe) id: number) {
    return this.memberTier.forMember(id);
  }

  @Put()
  @Roles(...WRITE_ROLES)
  setTier(
    @CurrentOperator() op: OperatorPrincipal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: SetMemberTierDto,
  ) {
    return this.memberTiers.set(op, id, body);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/tier-reviews')
export class TierReviewsController {
  constructor(private readonly reviews: TierReviewsService) {}

  @Get()
  list(@Query() q: TierReviewQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.reviews.list(q, op);
  }

  @Post('evaluate')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  evaluate() {
    return this.reviews.evaluate();
  }
}

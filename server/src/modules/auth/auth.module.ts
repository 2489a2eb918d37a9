import { Global, Module } from '@nestjs/common';
import { MemberGuard, OperatorGuard, StaffGuard } from './guards';
import { TokenService } from './token.service';

@Global()
@Module({
  providers: [TokenService, MemberGuard, StaffGuard, OperatorGuard],
  exports: [TokenService, MemberGuard, StaffGuard, OperatorGuard],
})
export class AuthModule {}

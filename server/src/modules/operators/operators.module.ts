import { Module } from '@nestjs/common';
import { LoginLimiter } from './login-limiter';
import { OperatorAuthService } from './operator-auth.service';
import { OperatorsController } from './operators.controller';
import { OperatorsRepository } from './operators.repository';
import { OperatorsService } from './operators.service';

@Module({
  controllers: [OperatorsController],
  providers: [OperatorsService, OperatorAuthService, OperatorsRepository, LoginLimiter],
  exports: [OperatorsService],
})
export class OperatorsModule {}

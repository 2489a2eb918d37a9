import { Module } from '@nestjs/common';
import { LoginLimiter } from './login-limiter';
import { OperatorsController } from './operators.controller';
import { OperatorsService } from './operators.service';

@Module({
  controllers: [OperatorsController],
  providers: [OperatorsService, LoginLimiter],
  exports: [OperatorsService],
})
export class OperatorsModule {}

import { Global, Module } from '@nestjs/common';
import { OutboxAdminController } from './outbox-admin.controller';
import { OutboxAdminService } from './outbox-admin.service';
import { OutboxRegistry } from './outbox-registry';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox-worker';

/** Transactional outbox: feature modules enqueue with OutboxService and register handlers with OutboxRegistry. */
@Global()
@Module({
  controllers: [OutboxAdminController],
  providers: [OutboxRepository, OutboxService, OutboxRegistry, OutboxWorker, OutboxAdminService],
  exports: [OutboxService, OutboxRegistry, OutboxWorker],
})
export class OutboxModule {}

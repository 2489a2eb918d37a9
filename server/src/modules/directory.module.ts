import { Global, Module } from '@nestjs/common';
import { EventDirectory } from './events/event-directory';
import { MemberDirectory } from './members/member-directory';
import { MemberScope } from './members/member-scope';
import { OperatorDirectory } from './operators/operator-directory';
import { StaffDirectory } from './staff/staff-directory';
import { StoreDirectory } from './stores/store-directory';

/**
 * Each module's door for the others' reads (who a member, clerk, store or operator is). A module never
 * imports another module's entities (lint); it asks the owner's directory. Global because the owners
 * read each other (members show a staff binding, staff show members, stores count staff), which as
 * module imports would be cycles; each directory still lives in, and is owned by, its module.
 */
@Global()
@Module({
  providers: [EventDirectory, MemberDirectory, MemberScope, OperatorDirectory, StaffDirectory, StoreDirectory],
  exports: [EventDirectory, MemberDirectory, MemberScope, OperatorDirectory, StaffDirectory, StoreDirectory],
})
export class DirectoryModule {}

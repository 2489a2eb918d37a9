import { InitialSchema1763884800000 } from './1763884800000-initial-schema';
import { Ledger1763971200000 } from './1763971200000-ledger';

// Every migration, in order. New migrations are appended here.
export const MIGRATIONS = [InitialSchema1763884800000, Ledger1763971200000];

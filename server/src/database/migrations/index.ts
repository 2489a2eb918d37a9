import { InitialSchema1763884800000 } from './1763884800000-initial-schema';

// Every migration, in order. New migrations are appended here.
export const MIGRATIONS = [InitialSchema1763884800000];

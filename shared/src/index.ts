export * from './errors';
export * from './money';
export * from './enums';
export * from './audit';
export * from './contracts/common';
export * from './contracts/member';
export * from './contracts/staff';
export * from './contracts/admin';

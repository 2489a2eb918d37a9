import { h5Adapter } from './h5';
import type { PlatformAdapter } from './types';
import { weappAdapter } from './weapp';

export * from './types';

// TARO_ENV is a build-time constant, so the unused adapter is dropped by the minifier.
export const platform: PlatformAdapter = process.env.TARO_ENV === 'h5' ? h5Adapter : weappAdapter;

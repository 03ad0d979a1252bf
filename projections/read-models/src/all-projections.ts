import type { Projection } from './runtime/projection.ts';
import { workdaysProjection } from './workdays/projection.ts';

/** Every projection a Fleksi server runs. */
export const ALL_PROJECTIONS: readonly Projection[] = [workdaysProjection];

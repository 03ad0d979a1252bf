/** Reason that an estimate, its standard error or its interval could not be computed. */
export interface DegenerateReason {
  /**
   * `empty-cell`: a cell of the design has no rows, so the estimate is NaN.
   * `no-paired-units`: no unit has rows in both groups, so the estimate is NaN.
   * `single-cluster`: only one cluster, so the estimate exists but the SE and interval are NaN.
   * `no-valid-bootstrap-samples`: every resample gave a NaN statistic, so the SE and interval are NaN.
   */
  code: 'empty-cell' | 'no-paired-units' | 'single-cluster' | 'no-valid-bootstrap-samples';
  message: string;
}

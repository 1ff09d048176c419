// What `seglens train` prints and returns: one table row per epoch on stdout (the best epoch so far marked *)
// and the result that --json writes.
import type { EpochRecord, TrainProgress, ValidationRecord } from '@seglens/models';
import { duration, fixed, formatRow, tableWidths, type Column } from '../table';

export const EPOCH_COLUMNS: Column[] = [
  { header: 'epoch' },
  { header: 'train loss' },
  { header: 'val loss' },
  { header: 'val DSC' },
  { header: 'lr' },
  { header: 'time' },
  { header: 'best', align: 'left' },
];
export const EPOCH_WIDTHS = tableWidths(EPOCH_COLUMNS, [
  ['9999', '0.000000', '0.000000', '0.0000', '1.00e-10', '0:00:00', '*'],
]);

export function epochRow(e: Extract<TrainProgress, { type: 'epoch' }>): string {
  return formatRow(EPOCH_COLUMNS, EPOCH_WIDTHS, [
    `${e.epoch}`,
    fixed(e.trainLoss, 6),
    fixed(e.validationLoss, 6),
    fixed(e.validation?.meanForegroundDsc, 4),
    e.learningRate.toExponential(2),
    duration(e.seconds),
    e.improved ? '*' : '',
  ]);
}

export interface TrainCliResult {
  out: string;
  model: string;
  name: string;
  loss: string;
  bestEpoch: number;
  resumedFrom: number;
  history: EpochRecord[];
  validation: ValidationRecord | null;
}

// SHA-256 with node:crypto (Node only).
import type { Sha256 } from '../sha256';
import type * as Crypto from 'node:crypto';
import { nodeBuiltin } from '@seglens/data';

export const sha256Node: Sha256 = async (bytes) =>
  nodeBuiltin<typeof Crypto>('node:crypto', 'sha256').createHash('sha256').update(bytes).digest('hex');

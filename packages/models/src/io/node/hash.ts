// SHA-256 with node:crypto (Node only).
import type { Sha256 } from '../sha256';
import { nodeCrypto } from './builtin';

export const sha256Node: Sha256 = async (bytes) =>
  nodeCrypto('sha256').createHash('sha256').update(bytes).digest('hex');

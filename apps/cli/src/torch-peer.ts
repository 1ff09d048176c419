// Where `seglens bench` finds its PyTorch peer: tools/bench-unet-torch.py of the repository @seglens/models
// belongs to (the peer itself is @seglens/models' runTorchPeer).
import { createRequire } from 'node:module';
import path from 'node:path';

/** tools/bench-unet-torch.py of the repository @seglens/models belongs to. */
export function defaultTorchScript(): string {
  const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'noop.js');
  const models = path.dirname(createRequire(from).resolve('@seglens/models/package.json'));
  return path.resolve(models, '..', '..', 'tools', 'bench-unet-torch.py');
}

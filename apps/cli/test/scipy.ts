// scipy's Wilcoxon signed-rank p-value on given differences, run in python3 (Debian's python3-scipy in CI): the
// independent check of the paired statistics seglens prints. The method seglens chose is forced explicitly so
// that scipy versions whose 'auto' rules differ (Debian's 1.10) check the same arithmetic.
import { execFileSync } from 'node:child_process';

const SCRIPT = String.raw`
import json, sys
import numpy as np
from scipy import stats
from scipy.stats import rankdata
out = []
for item in json.load(sys.stdin):
    d = np.asarray(item['d'], dtype=float)
    m = item['method']
    if m == 'exact':
        p = stats.wilcoxon(d, method='exact').pvalue
    elif m == 'asymptotic':
        try:
            p = stats.wilcoxon(d, method='asymptotic', correction=False).pvalue
        except ValueError:  # scipy < 1.11 names it 'approx'
            p = stats.wilcoxon(d, method='approx', correction=False).pvalue
    else:
        def w_plus(x):
            nz = x[x != 0]
            return float(np.sum(rankdata(np.abs(nz))[nz > 0]))
        p = stats.permutation_test((d,), w_plus, permutation_type='samples', vectorized=False,
                                   n_resamples=100000).pvalue
    out.append(float(p))
print(json.dumps(out))
`;

export function scipyWilcoxonP(requests: Array<{ d: number[]; method: string }>): number[] {
  const stdout = execFileSync('python3', ['-c', SCRIPT], {
    input: JSON.stringify(requests),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as number[];
}

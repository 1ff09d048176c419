// Runs scipy on the same numbers as a test, in python3 (Debian's python3-scipy in CI), and returns its JSON.
import { execFileSync } from 'node:child_process';

/**
 * For each array of paired differences: scipy's default `wilcoxon(d)` (when scipy ≥ 1.13, whose rules
 * seglens follows), the test with the method seglens chose forced explicitly (so older scipy checks the same
 * arithmetic), and scipy's percentile bootstrap of the mean.
 */
const SCRIPT = String.raw`
import json, sys
import numpy as np
from scipy import stats
from scipy.stats import rankdata
req = json.load(sys.stdin)
version = tuple(int(p) for p in __import__('scipy').__version__.split('.')[:2])
out = {'version': __import__('scipy').__version__, 'results': []}
for item in req:
    d = np.asarray(item['d'], dtype=float)
    r = {}
    if version >= (1, 13):
        r['defaultP'] = float(stats.wilcoxon(d).pvalue)
        r['defaultStatistic'] = float(stats.wilcoxon(d).statistic)
    m = item['method']
    if m == 'exact':
        r['p'] = float(stats.wilcoxon(d, method='exact').pvalue)
    elif m == 'asymptotic':
        try:
            res = stats.wilcoxon(d, method='asymptotic', correction=False, zero_method='wilcox')
        except ValueError:  # scipy < 1.11 names it 'approx'
            res = stats.wilcoxon(d, method='approx', correction=False, zero_method='wilcox')
        r['p'] = float(res.pvalue)
    else:
        def w_plus(x):
            nz = x[x != 0]
            return float(np.sum(rankdata(np.abs(nz))[nz > 0]))
        res = stats.permutation_test((d,), w_plus, permutation_type='samples', vectorized=False,
                                     alternative='two-sided', n_resamples=100000)
        r['p'] = float(res.pvalue)
    if item.get('bootstrap'):
        b = stats.bootstrap((d,), np.mean, n_resamples=10000, method='percentile', confidence_level=0.95,
                            random_state=np.random.default_rng(7))
        r['ci'] = [float(b.confidence_interval.low), float(b.confidence_interval.high)]
    out['results'].append(r)
print(json.dumps(out))
`;

export interface ScipyRequest {
  d: number[];
  method: 'exact' | 'asymptotic' | 'permutation';
  bootstrap?: boolean;
}

export interface ScipyResult {
  p: number;
  defaultP?: number;
  defaultStatistic?: number;
  ci?: [number, number];
}

export function scipyWilcoxon(requests: ScipyRequest[]): { version: string; results: ScipyResult[] } {
  const stdout = execFileSync('python3', ['-c', SCRIPT], {
    input: JSON.stringify(requests),
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout) as { version: string; results: ScipyResult[] };
}

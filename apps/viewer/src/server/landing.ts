// The page at / in manifest mode: what seglens is, one link per demo study (its viewerUrl), and the README.
import type { DemoIndex } from '../contracts';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export const README_URL = '/README.md';
/** OHIF's own route for DICOM files from the user's disk (read in the browser, never uploaded). */
export const LOCAL_FILES_URL = '/local';

export function landingPage(index: DemoIndex): string {
  const items = index.studies
    .map(
      (s) =>
        `<li><a href="${escapeHtml(s.viewerUrl)}" data-study="${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>` +
        `<p>${escapeHtml(s.description)}</p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>seglens viewer</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #e8eaed; background: #101418; }
a { color: #7cc4ff; } li { margin: 0 0 1rem; } li p { margin: 0.2rem 0 0; color: #b0b6bd; } h1 { margin-bottom: 0.2rem; }
</style>
</head>
<body>
<h1>seglens</h1>
<p>See the region-size biases of segmentation losses (RCE, Dice, CE) on real scans, in the OHIF viewer.
For research and teaching only, not for clinical use.</p>
<h2>Demo studies</h2>
<ul>
${items}
</ul>
<h2>Your own studies</h2>
<p><a href="${LOCAL_FILES_URL}" data-testid="local-files">Open DICOM files from your computer</a>: they are read in
your browser and not uploaded. The hippocampus models fit T1 MR crops around the hippocampus (grey, one channel);
the polyp models fit RGB colonoscopy frames; no shipped model fits CT.</p>
<p><a href="${README_URL}">README</a>: usage, options, where the demo studies come from and their licences, adding your own studies.</p>
</body>
</html>
`;
}

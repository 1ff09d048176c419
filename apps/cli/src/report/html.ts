// The compare report: one self-contained HTML file (inline CSS, pictures as base64 PNG data URLs), so it can
// be mailed or attached to an issue and opened anywhere without the files it was made from.
import type { ReportChart } from './charts';
import type { Rgb } from './raster';

export interface ReportTable {
  caption: string;
  header: string[];
  rows: string[][];
}

export interface ReportFigure {
  caption: string;
  png: Uint8Array;
  alt: string;
}

export interface HtmlReport {
  title: string;
  /** Paragraphs under the title (plain text). */
  notes: string[];
  legend: ReadonlyArray<{ name: string; color: Rgb }>;
  tables: ReportTable[];
  /** Charts as SVG documents (rendered by vega), shown after the tables. */
  charts?: ReportChart[];
  figures: ReportFigure[];
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1b1b1f;background:#fafafa}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
p.note{color:#444;max-width:60rem}
table{border-collapse:collapse;margin:1rem 0;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding-bottom:.4rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .7rem;text-align:right}
th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}
thead th{background:#eee}
.legend span{display:inline-block;margin-right:1.2rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.35rem;vertical-align:-.1rem;border-radius:2px}
figure{margin:1.5rem 0}figure img{max-width:100%;image-rendering:pixelated;border-radius:4px}
figcaption{color:#444;margin-top:.3rem}
figure.chart svg{max-width:100%;height:auto}`;

function tableHtml(t: ReportTable): string {
  const head = `<thead><tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>`;
  return `<table><caption>${escapeHtml(t.caption)}</caption>${head}\n${body}</table>`;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function renderHtmlReport(r: HtmlReport): string {
  const legend = r.legend
    .map((l) => `<span><i style="background:rgb(${l.color.join(',')})"></i>${escapeHtml(l.name)}</span>`)
    .join('');
  const figures = r.figures
    .map(
      (f) =>
        `<figure><img src="data:image/png;base64,${base64(f.png)}" alt="${escapeHtml(f.alt)}"><figcaption>${escapeHtml(f.caption)}</figcaption></figure>`,
    )
    .join('\n');
  // The SVG comes from vega, which escapes the text it draws; it is inlined so the report stays one file.
  const charts = (r.charts ?? [])
    .map((c) => `<figure class="chart">${c.svg}<figcaption>${escapeHtml(c.caption)}</figcaption></figure>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(r.title)}</h1>
${r.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
${r.tables.map(tableHtml).join('\n')}
${charts ? `<h2>Charts</h2>\n${charts}` : ''}
<h2>Cases</h2>
<p class="legend">${legend}</p>
${figures}
</body>
</html>
`;
}

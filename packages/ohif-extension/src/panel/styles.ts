/**
 * The panel's stylesheet, injected once per document and scoped under .seglens-panel so it cannot restyle
 * OHIF. OHIF's dark look: black and very dark navy, light text, cyan-blue accents, 12–13 px type, compact.
 * No fonts or images are fetched: the panel inherits OHIF's font.
 */

export const STYLE_ID = 'seglens-panel-styles';

export const CSS = `
.seglens-panel-root { flex: 1 1 auto; min-height: 0; height: 100%; overflow-y: auto; overflow-x: hidden; overscroll-behavior: contain; }
.seglens-panel { --sl-bg: #000000; --sl-bg2: #090c29; --sl-bg3: #041c4a; --sl-line: #1c2a4d; --sl-text: #e1e1e1;
  --sl-muted: #a3a8b8; --sl-accent: #5acce6; --sl-accent-dark: #348cfd; --sl-error: #ff6b6b; --sl-warning: #f5a623;
  background: var(--sl-bg); color: var(--sl-text); font-size: 13px; line-height: 1.4; padding: 6px 8px 12px;
  box-sizing: border-box; width: 100%; max-width: 100%; overflow-x: hidden; user-select: text; -webkit-user-select: text; }
.seglens-panel *, .seglens-panel *::before, .seglens-panel *::after { box-sizing: inherit; user-select: text; -webkit-user-select: text; }
.seglens-panel [hidden] { display: none !important; }
.seglens-panel .seglens-section { background: var(--sl-bg2); border: 1px solid var(--sl-line); border-radius: 4px; padding: 6px 8px; margin: 0 0 6px; }
.seglens-panel .seglens-heading { margin: 0; font-size: 14px; font-weight: 600; color: var(--sl-accent); letter-spacing: 0.02em; }
.seglens-panel .seglens-collapse { display: flex; width: 100%; align-items: center; gap: 6px; background: none; border: 0; padding: 2px 0; margin: 0;
  font: inherit; color: inherit; cursor: pointer; text-align: left; user-select: none; -webkit-user-select: none; }
.seglens-panel .seglens-collapse:focus-visible { outline: 2px solid var(--sl-accent); outline-offset: 1px; }
.seglens-panel .seglens-chevron { display: inline-block; width: 12px; height: 12px; flex: none; transition: transform 0.15s; }
.seglens-panel .seglens-collapse[aria-expanded="false"] .seglens-chevron { transform: rotate(-90deg); }
.seglens-panel .seglens-section-body { margin-top: 4px; }
.seglens-panel .seglens-subheading { margin: 6px 0 2px; font-size: 12px; font-weight: 600; color: var(--sl-text); }
.seglens-panel .seglens-line { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; margin: 2px 0; min-width: 0; overflow-wrap: anywhere; }
.seglens-panel .seglens-text { margin: 2px 0; overflow-wrap: anywhere; }
.seglens-panel .seglens-muted { color: var(--sl-muted); }
.seglens-panel .seglens-hint { font-size: 12px; }
.seglens-panel ul { list-style: none; margin: 0; padding: 0; }
.seglens-panel .seglens-skipped { font-size: 12px; color: var(--sl-muted); margin-left: 8px; }
.seglens-panel .seglens-button { display: inline-block; background: var(--sl-bg3); color: var(--sl-accent); border: 1px solid var(--sl-accent-dark);
  border-radius: 3px; padding: 2px 8px; font: inherit; font-size: 12px; cursor: pointer; user-select: none; -webkit-user-select: none; }
.seglens-panel .seglens-button:hover:not(:disabled) { background: #0b3a7a; color: #ffffff; }
.seglens-panel .seglens-button:focus-visible, .seglens-panel input:focus-visible, .seglens-panel select:focus-visible { outline: 2px solid var(--sl-accent); outline-offset: 1px; }
.seglens-panel .seglens-button:disabled { opacity: 0.45; cursor: not-allowed; }
.seglens-panel .seglens-primary { background: var(--sl-accent-dark); color: #ffffff; border-color: var(--sl-accent-dark); font-weight: 600; }
.seglens-panel .seglens-small { padding: 1px 6px; font-size: 12px; }
.seglens-panel .seglens-danger { color: #ff9b9b; border-color: #8a3a3a; }
.seglens-panel .seglens-armed { background: #8a1f1f; color: #ffffff; }
.seglens-panel .seglens-toggle[aria-pressed="true"] { background: var(--sl-accent); color: #000000; border-color: var(--sl-accent); }
.seglens-panel .seglens-badge { display: inline-block; font-size: 12px; padding: 0 4px; border-radius: 8px; border: 1px solid var(--sl-accent); color: var(--sl-accent); margin-left: 4px; }
.seglens-panel .seglens-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; border: 1px solid #ffffff33; }
.seglens-panel .seglens-marker { width: 3px; }
.seglens-panel .seglens-model, .seglens-panel .seglens-prediction { padding: 4px 0; border-top: 1px solid var(--sl-line); }
.seglens-panel .seglens-model:first-child, .seglens-panel .seglens-prediction:first-child { border-top: 0; }
.seglens-panel .seglens-model-label { display: flex; align-items: center; gap: 4px; cursor: pointer; }
.seglens-panel .seglens-model-name { font-weight: 600; overflow-wrap: anywhere; }
.seglens-panel .seglens-model-origin { display: block; font-size: 12px; margin-left: 20px; }
.seglens-panel .seglens-unfit .seglens-model-label { opacity: 0.55; cursor: not-allowed; }
.seglens-panel .seglens-fit-reason { font-size: 12px; color: var(--sl-warning); margin-left: 20px; }
.seglens-panel .seglens-row-buttons { display: flex; gap: 4px; margin: 2px 0 0 20px; }
.seglens-panel .seglens-load { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 6px; }
.seglens-panel .seglens-file { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
.seglens-panel .seglens-file:focus-visible + label { outline: 2px solid var(--sl-accent); outline-offset: 1px; }
.seglens-panel .seglens-inline { display: inline-flex; align-items: center; gap: 3px; }
.seglens-panel .seglens-controls input[type="range"] { flex: 1 1 80px; min-width: 60px; accent-color: var(--sl-accent); }
.seglens-panel .seglens-opacity-value { min-width: 3em; text-align: right; font-variant-numeric: tabular-nums; }
.seglens-panel input[type="checkbox"] { accent-color: var(--sl-accent); margin: 0 2px 0 0; }
.seglens-panel .seglens-progress { margin-top: 6px; }
.seglens-panel .seglens-progress-head { display: flex; justify-content: space-between; align-items: center; gap: 6px; }
.seglens-panel .seglens-progress-bar { position: relative; height: 6px; background: var(--sl-bg3); border-radius: 3px; overflow: hidden; margin: 3px 0; }
.seglens-panel .seglens-progress-fill { height: 100%; background: var(--sl-accent); width: 100%; transform: scaleX(0); transform-origin: left; }
.seglens-panel .seglens-indeterminate .seglens-progress-fill { width: 30%; animation: seglens-slide 1.2s ease-in-out infinite; }
@keyframes seglens-slide { from { transform: translateX(-100%); } to { transform: translateX(340%); } }
.seglens-panel .seglens-progress-detail { font-size: 12px; font-variant-numeric: tabular-nums; }
.seglens-panel .seglens-disagreement { margin-top: 6px; padding-top: 4px; border-top: 1px solid var(--sl-line); }
.seglens-panel .seglens-table-wrap { overflow-x: auto; max-width: 100%; }
.seglens-panel .seglens-table { border-collapse: collapse; width: 100%; font-size: 12px; font-variant-numeric: tabular-nums; }
.seglens-panel .seglens-table th { color: var(--sl-muted); font-weight: 600; text-align: left; border-bottom: 1px solid var(--sl-line); padding: 2px; vertical-align: bottom; }
.seglens-panel .seglens-table td { padding: 2px; border-bottom: 1px solid #ffffff10; vertical-align: top; }
.seglens-panel .seglens-table .seglens-class-row th { color: var(--sl-text); border-bottom: 0; padding-top: 5px; white-space: normal; }
.seglens-panel .seglens-table .seglens-model-cell { overflow-wrap: break-word; }
.seglens-panel .seglens-num { text-align: right; white-space: nowrap; }
.seglens-panel .seglens-table th.seglens-num { width: 1%; }
.seglens-panel .seglens-table th.seglens-num { white-space: normal; }
.seglens-panel .seglens-best strong { color: #ffffff; font-weight: 700; }
.seglens-panel .seglens-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.seglens-panel .seglens-chart { display: block; width: 100%; height: auto; overflow: visible; }
.seglens-panel .seglens-chart text { fill: var(--sl-text); }
.seglens-panel .seglens-chart .seglens-tick, .seglens-panel .seglens-chart .seglens-axis-label { fill: var(--sl-muted); }
.seglens-panel .seglens-grid { stroke: #ffffff22; stroke-width: 1; }
.seglens-panel .seglens-zero { stroke: #ffffffaa; stroke-width: 1; }
.seglens-panel .seglens-value-marker { stroke: #ffffff; stroke-width: 2; }
.seglens-panel .seglens-curve { stroke: var(--sl-accent); stroke-width: 1.5; }
.seglens-panel .seglens-curve-point { fill: var(--sl-accent); }
.seglens-panel .seglens-legend { display: flex; flex-wrap: wrap; gap: 2px 10px; font-size: 12px; margin: 2px 0 4px; }
.seglens-panel .seglens-lens-model { margin: 4px 0 0; }
.seglens-panel .seglens-field { display: flex; flex-direction: column; gap: 1px; margin: 3px 0; min-width: 0; flex: 1 1 0; }
.seglens-panel .seglens-field label { color: var(--sl-muted); font-size: 12px; }
.seglens-panel .seglens-field-row { display: flex; gap: 8px; }
.seglens-panel select, .seglens-panel input[type="text"] { background: #000000; color: var(--sl-text); border: 1px solid var(--sl-line); border-radius: 3px;
  padding: 2px 4px; font: inherit; font-size: 12px; width: 100%; min-width: 0; }
.seglens-panel input[aria-invalid="true"] { border-color: var(--sl-error); }
.seglens-panel .seglens-error { color: var(--sl-error); font-size: 12px; margin: 2px 0; }
.seglens-panel .seglens-message { border-color: var(--sl-accent-dark); }
.seglens-panel .seglens-message-in { border: 1px solid var(--sl-accent-dark); border-radius: 3px; padding: 4px 6px; margin: 6px 0 0; background: var(--sl-bg3); }
.seglens-panel .seglens-message-in .seglens-message-title { font-size: 13px; }
.seglens-panel .seglens-message[data-kind="error"] { border-color: var(--sl-error); background: #2a0a0f; }
.seglens-panel .seglens-message[data-kind="error"] .seglens-message-title { color: var(--sl-error); }
.seglens-panel .seglens-message[data-kind="warning"] { border-color: var(--sl-warning); background: #2a1c05; }
.seglens-panel .seglens-message[data-kind="warning"] .seglens-message-title { color: var(--sl-warning); }
.seglens-panel .seglens-message-head { display: flex; justify-content: space-between; align-items: center; }
.seglens-panel .seglens-message-text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/** Adds the stylesheet to `doc` unless it is there already (several panels may mount in one document). */
export function injectStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  (doc.head ?? doc.documentElement).append(style);
}

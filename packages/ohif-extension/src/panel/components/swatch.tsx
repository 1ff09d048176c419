// A small colour square. React sets its colour through the CSSOM (element.style), not a style attribute, so
// a strict Content-Security-Policy (no inline styles) does not block it.
export const rgb = (c: readonly [number, number, number]): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

export function Swatch({ color }: { color: readonly [number, number, number] }) {
  return <span className="seglens-swatch" aria-hidden="true" style={{ background: rgb(color) }} />;
}

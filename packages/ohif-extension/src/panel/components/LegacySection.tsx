// Hosts a section still drawn by the plain-DOM view (panel/view) inside the React tree, until it is
// converted: the section is created once, updated when its slice of the state changes, destroyed on unmount.
// Its wrapper has `display: contents`, so the layout is the same as a direct child of the panel.
import { useLayoutEffect, useRef } from 'react';
import type { PanelState } from '../state';
import type { SectionView, ViewContext } from '../view/context';

export interface LegacySectionProps {
  create(ctx: ViewContext): SectionView;
  ctx: ViewContext;
  state: PanelState;
}

function sameDeps(a: readonly unknown[] | null, b: readonly unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}

export function LegacySection({ create, ctx, state }: LegacySectionProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<{ section: SectionView; deps: readonly unknown[] | null } | null>(null);
  useLayoutEffect(() => {
    const section = create(ctx);
    host.current?.append(section.el);
    view.current = { section, deps: null };
    return () => {
      section.destroy?.();
      section.el.remove();
      view.current = null;
    };
  }, [create, ctx]);
  useLayoutEffect(() => {
    const v = view.current;
    if (!v) return;
    const deps = v.section.deps(state);
    if (sameDeps(v.deps, deps)) return;
    v.deps = deps;
    v.section.update(state);
  });
  return <div className="seglens-legacy" ref={host} />;
}

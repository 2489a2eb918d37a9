import { createElement, useCallback, useRef, useState, type ReactNode } from 'react';

const PHONE_WIDTH = '(max-width: 767.98px)';

/**
 * The sider's collapsed state, owned here instead of by ProLayout. ProLayout collapses the menu whenever it
 * believes the window is phone-sized; a full-page capture of a long page (browser tests, screenshot tools)
 * makes it believe so for a moment and the menu then stays collapsed on a desktop. Here the menu collapses
 * only from its own toggle button or while the window really is narrow.
 */
export function useSiderCollapse() {
  const [collapsed, setCollapsed] = useState(() => window.matchMedia(PHONE_WIDTH).matches);
  const toggling = useRef(false);
  const onCollapse = useCallback((next: boolean) => {
    const asked = toggling.current;
    toggling.current = false;
    if (next && !asked && !window.matchMedia(PHONE_WIDTH).matches) return;
    setCollapsed(next);
  }, []);
  // The toggle button marks the change as the operator's own before ProLayout reports it.
  const collapsedButtonRender = useCallback(
    (_collapsed: boolean | undefined, dom: ReactNode) =>
      createElement('span', { onClickCapture: () => (toggling.current = true) }, dom),
    [],
  );
  return { collapsed, onCollapse, collapsedButtonRender };
}

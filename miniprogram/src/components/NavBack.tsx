// WeChat draws the navigation bar (title and back) natively; only the H5 build needs its own (NavBack.h5.tsx).
export function NavBack(): null {
  return null;
}

import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType } from 'react';

/**
 * A page loaded on first use, as a component that shows a spinner in its place meanwhile (inside the layout,
 * so the menu and header stay). Pages are named exports; `name` picks the export from the module.
 */
export function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
        <Page />
      </Suspense>
    );
  };
}

import type { PropsWithChildren } from 'react';
import { SessionProvider } from './store/session';
import './nutui-styles';
import './app.scss';

// Pages render as children of App, so the session context reaches every page.
function App({ children }: PropsWithChildren) {
  return <SessionProvider>{children}</SessionProvider>;
}

export default App;

import type { PropsWithChildren } from 'react';
import { beginLaunchLogin, SessionProvider } from './store/session';
import './nutui-styles';
import './app.scss';

beginLaunchLogin();

// Pages render as children of App, so the session context reaches every page.
function App({ children }: PropsWithChildren) {
  return <SessionProvider>{children}</SessionProvider>;
}

export default App;

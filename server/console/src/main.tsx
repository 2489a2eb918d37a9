import { App as AntApp, ConfigProvider } from 'antd';
// ESM build of the locale: the CJS re-export at antd/locale/* loses its default export in the bundle.
import zhCN from 'antd/es/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router-dom';
import { AppRoutes } from './App';
import { AuthProvider } from './auth/AuthContext';
import { FeedbackBridge } from './utils/feedback';
import './utils/format'; // registers dayjs zh-cn + timezone plugins before any picker renders
import './global.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <FeedbackBridge />
        {/* Hash routing: deep links work no matter how /console/* is served. */}
        <HashRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);

import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, Loading, Toast } from '@nutui/nutui-react-taro';
import { useSession } from '../store/session';
import { TOAST_ID } from './feedback';
import { NavBack } from './NavBack';
import './PageShell.scss';

interface PageShellProps {
  children: ReactNode;
  className?: string;
}

/** Gates a page on the launch login: spinner while logging in, retry on failure, page when ready. H5 sub-pages get a back bar. */
export function PageShell({ children, className }: PageShellProps) {
  const { status, error, relogin } = useSession();
  const retry = () => void relogin();

  return (
    <>
      <NavBack />
      <View className={`mp-page ${className ?? ''}`}>
        {status === 'ready' && children}
        {status === 'loading' && (
          <View className="mp-page__state">
            <Loading type="circular">正在登录…</Loading>
          </View>
        )}
        {status === 'error' && (
          <View className="mp-page__state">
            <Text className="mp-page__error">{error}</Text>
            <Button type="primary" onClick={retry}>
              重新登录
            </Button>
          </View>
        )}
        <Dialog
          visible={status === 'error'}
          title="登录失败"
          content={error ?? ''}
          confirmText="重试"
          hideCancelButton
          onConfirm={retry}
        />
        <Toast id={TOAST_ID} />
      </View>
    </>
  );
}

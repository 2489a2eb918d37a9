import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { backToScan } from './checkout-store';

/** When the scan has nothing to show: still loading, or nothing to go on (reload without a checkout). */
export function CheckoutMissing(props: { loading: boolean; error: string | null; onRetry: () => void }) {
  const { loading, error, onRetry } = props;
  return (
    <View className="staff">
      <View className="staff__scan">
        {loading ? (
          <Loading type="circular">正在读取会员…</Loading>
        ) : (
          <>
            <Text id="checkout-missing" className="staff__tip">
              {error ?? '没有会员信息，请重新扫码'}
            </Text>
            <Button type="primary" onClick={backToScan}>
              去扫码
            </Button>
            {error && (
              <Button fill="none" onClick={onRetry}>
                重试
              </Button>
            )}
          </>
        )}
      </View>
    </View>
  );
}

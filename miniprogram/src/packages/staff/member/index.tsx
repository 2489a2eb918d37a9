import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { PageShell } from '../../../components/PageShell';
import { formatBizDate, formatBizDateTime } from '../../../utils/time';
import { getLastLookup } from '../lookup-store';
import '../staff.scss';

function backToScan() {
  // Opened from the scan page normally; after an H5 reload there is no page to go back to.
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: '/packages/staff/scan/index' });
}

function MemberContent() {
  const summary = getLastLookup();

  if (!summary) {
    return (
      <View className="staff">
        <View className="staff__scan">
          <Text className="staff__tip">没有查询结果，请重新扫码</Text>
          <Button type="primary" onClick={backToScan}>
            去扫码
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="staff">
      <View className="staff__banner">
        <Text id="lookup-nickname" className="staff__banner-title">
          {summary.nickname || '会员'}
        </Text>
        <Text className="staff__banner-sub">
          会员号 <Text id="lookup-member-no">{summary.memberNo}</Text>
        </Text>
      </View>

      <Cell.Group>
        <Cell title="手机号" extra={<Text id="lookup-phone">{summary.phoneMasked ?? '未绑定'}</Text>} />
        <Cell title="入会日期" extra={formatBizDate(summary.joinedAt)} />
        <Cell
          title="会员码有效至"
          description="请在此之前完成积分、核销等操作"
          extra={<Text id="lookup-code-expires">{formatBizDateTime(summary.codeExpiresAt)}</Text>}
        />
      </Cell.Group>

      <View className="staff__actions">
        <Button
          id="lookup-purchase"
          type="primary"
          block
          onClick={() => void Taro.navigateTo({ url: '/packages/staff/purchase/index' })}
        >
          积分消费
        </Button>
        <Button id="lookup-next" block onClick={backToScan}>
          继续扫码
        </Button>
      </View>
    </View>
  );
}

export default function MemberPage() {
  return (
    <PageShell>
      <MemberContent />
    </PageShell>
  );
}

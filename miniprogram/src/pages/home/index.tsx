import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Cell, Tag } from '@nutui/nutui-react-taro';
import { STAFF_ROLE_LABELS } from '@member/shared';
import { PageShell } from '../../components/PageShell';
import { AssetRow } from '../../components/AssetRow';
import { PrivacyPrompt } from '../../components/PrivacyPrompt';
import { TierBadge, useTierView } from '../../components/TierBadge';
import { useSession } from '../../store/session';
import { FeaturedGoods, HomeEntries } from './HomeMall';
import { greetingFor } from '../../utils/time';
import './index.scss';

function HomeContent() {
  const { member, created, setMember } = useSession();
  const tierView = useTierView();
  if (!member) return null;

  return (
    <View className="home">
      <View className="home__hero">
        <Text className="home__greeting">
          {greetingFor(new Date().getHours())}，{member.nickname || '会员'}
        </Text>
        <Text className="home__welcome">{created ? '欢迎加入会员，出示会员卡即可累积积分' : '欢迎回来'}</Text>
        <View className="home__no">
          <Text className="home__no-label">会员号</Text>
          <Text id="member-no" className="home__no-value">
            {member.memberNo}
          </Text>
          {member.staff && <Tag type="success">{STAFF_ROLE_LABELS[member.staff.role]}</Tag>}
        </View>
        {tierView && (
          <View className="home__tier">
            <TierBadge id="home-tier" tier={tierView.current} />
          </View>
        )}
      </View>

      <PrivacyPrompt member={member} onAccepted={setMember} />

      <AssetRow />

      <HomeEntries />

      <Cell.Group>
        <Cell
          title="会员码"
          description="出示会员码，积分、优惠到店即用"
          clickable
          extra="›"
          onClick={() => void Taro.switchTab({ url: '/pages/card/index' })}
        />
        <Cell
          title="个人资料"
          description={member.phoneMasked ? `手机号 ${member.phoneMasked}` : '完善资料，绑定手机号'}
          clickable
          extra="›"
          onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}
        />
      </Cell.Group>

      <FeaturedGoods />
    </View>
  );
}

export default function HomePage() {
  return (
    <PageShell>
      <HomeContent />
    </PageShell>
  );
}

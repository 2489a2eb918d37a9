import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Cell, Tag } from '@nutui/nutui-react-taro';
import { formatCny, STAFF_ROLE_LABELS } from '@member/shared';
import { useWalletBalance } from '../../components/use-wallet-balance';
import { BindPhoneButton } from '../../components/BindPhoneButton';
import { useUsableCoupons } from '../../components/use-usable-coupons';
import { PageShell } from '../../components/PageShell';
import { PRIVACY_CENTER_URL, PRIVACY_POLICY_URL } from '../../components/PrivacyPrompt';
import { openTierPage, useTierView } from '../../components/TierBadge';
import { useSession } from '../../store/session';
import { COUPON_URLS } from '../../utils/coupons';
import { formatBizDate } from '../../utils/time';
import { WALLET_URLS } from '../../utils/wallet';
import { ProfileEditor } from './ProfileEditor';
import { useStaffEntry } from './use-staff-entry';
import './index.scss';

function MineContent() {
  const { member, setMember } = useSession();
  const staffEntry = useStaffEntry(member);
  const tierView = useTierView();
  const coupons = useUsableCoupons();
  const walletFen = useWalletBalance();
  if (!member) return null;

  return (
    <View className="mine">
      <View className="mine__header">
        <View className="mine__avatar">
          <Text>{(member.nickname || '会').slice(0, 1)}</Text>
        </View>
        <View className="mine__who">
          <Text className="mine__nickname">{member.nickname || '会员'}</Text>
          <Text className="mine__meta">
            会员号 {member.memberNo} · {formatBizDate(member.joinedAt)} 加入
          </Text>
        </View>
      </View>

      {/* NutUI Cell drops `id`, so the test hook wraps the group. */}
      <View id="tier-entry">
        <Cell.Group>
          <Cell
            title="我的等级"
            align="center"
            extra={
              <Text className="mine__tier">
                {tierView ? (
                  <Text className="mine__tier-name" style={{ color: tierView.current.badgeColor }}>
                    {tierView.current.name}
                  </Text>
                ) : null}
                ›
              </Text>
            }
            clickable
            onClick={openTierPage}
          />
        </Cell.Group>
      </View>

      <View id="coupons-entry">
        <Cell.Group>
          <Cell
            title="我的优惠券"
            align="center"
            extra={coupons && coupons.count > 0 ? `${coupons.count} 张可用 ›` : '›'}
            clickable
            onClick={() => void Taro.navigateTo({ url: COUPON_URLS.mine })}
          />
        </Cell.Group>
      </View>

      <View id="wallet-entry">
        <Cell.Group>
          <Cell
            title="我的储值"
            align="center"
            extra={walletFen == null ? '›' : `${formatCny(walletFen)} ›`}
            clickable
            onClick={() => void Taro.navigateTo({ url: WALLET_URLS.index })}
          />
        </Cell.Group>
      </View>

      <ProfileEditor key={member.id} member={member} onSaved={setMember} />

      <Cell.Group title="账号">
        <Cell
          title="手机号"
          align="center"
          extra={
            member.phoneMasked ? (
              <Text id="phone-masked">{member.phoneMasked}</Text>
            ) : (
              <BindPhoneButton onBound={setMember} />
            )
          }
        />
      </Cell.Group>

      {/* Only active staff see 店员入口 (it leads to the counter); NutUI Cell drops `id`, so the test hook wraps
          the group and clicks land on the cell inside. Others can still bind with an invite code. */}
      {member.staff ? (
        <View id="staff-entry">
          <Cell.Group>
            <Cell
              title="店员入口"
              align="center"
              description={member.staff.storeName}
              extra={staffEntry.opening ? '进入中…' : <Tag type="success">{STAFF_ROLE_LABELS[member.staff.role]}</Tag>}
              clickable
              onClick={staffEntry.enter}
            />
          </Cell.Group>
        </View>
      ) : null}

      <View id="privacy-entry">
        <Cell.Group title="设置">
          <Cell
            title="隐私与数据"
            description="授权管理、导出我的数据、注销账号"
            align="center"
            extra="›"
            clickable
            onClick={() => void Taro.navigateTo({ url: PRIVACY_CENTER_URL })}
          />
          <Cell
            title="会员隐私政策"
            align="center"
            extra="›"
            clickable
            onClick={() => void Taro.navigateTo({ url: PRIVACY_POLICY_URL })}
          />
        </Cell.Group>
      </View>

      {!member.staff && (
        <View id="staff-invite-link" className="mine__invite" onClick={staffEntry.enter}>
          <Text>门店店员？输入邀请码绑定</Text>
        </View>
      )}
    </View>
  );
}

export default function MinePage() {
  return (
    <PageShell>
      <MineContent />
    </PageShell>
  );
}

import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Badge, Cell, Tag } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import { formatCny, STAFF_ROLE_LABELS } from '@member/shared';
import { useWalletBalance } from '../../components/use-wallet-balance';
import { BindPhoneButton } from '../../components/BindPhoneButton';
import { useUsableCoupons } from '../../components/use-usable-coupons';
import { useShownData } from '../../components/use-shown-data';
import { mallApi } from '../../services/mall-api';
import { surveysApi } from '../../services/surveys-api';
import { MALL_URLS } from '../../utils/mall';
import { PageShell } from '../../components/PageShell';
import { PRIVACY_CENTER_URL, PRIVACY_POLICY_URL } from '../../components/PrivacyPrompt';
import { openTierPage, useTierView } from '../../components/TierBadge';
import { useSession } from '../../store/session';
import { COUPON_URLS } from '../../utils/coupons';
import { EVENT_URLS } from '../../utils/events';
import { NOTICE_URLS } from '../../utils/notices';
import { SURVEY_URLS } from '../../utils/surveys';
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
  // Orders waiting at a store: the count on 兑换订单's badge.
  const readyOrders = useShownData(async () => (await mallApi.orders('READY', 1, 1)).total);
  // Satisfaction surveys sent to this member and not answered yet.
  const surveys = useShownData(() => surveysApi.open());
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

      {surveys?.map((x) => (
        <View
          key={x.id}
          id={`survey-card-${x.id}`}
          className="mine__survey"
          aria-role="link"
          onClick={() => void Taro.navigateTo({ url: `${SURVEY_URLS.survey}?id=${x.id}` })}
        >
          <View>
            <Text className="mine__survey-title">{x.title}</Text>
            <Text className="mine__survey-sub">邀请您花 1 分钟填写 · {formatBizDate(x.closesAt)} 截止</Text>
          </View>
          <Tag type="success">去填写</Tag>
        </View>
      ))}

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

      <View id="mall-orders-entry">
        <Cell.Group title="我的订单">
          <Cell
            title="兑换订单"
            align="center"
            extra={
              <View className="mine__orders-extra">
                {readyOrders ? (
                  <View id="mall-orders-badge">
                    <Badge value={readyOrders} max={99}>
                      <Text className="mine__orders-ready">待自提</Text>
                    </Badge>
                  </View>
                ) : null}
                <Text>›</Text>
              </View>
            }
            clickable
            onClick={() =>
              void Taro.navigateTo({ url: readyOrders ? `${MALL_URLS.orders}?tab=READY` : MALL_URLS.orders })
            }
          />
          <Cell
            title="我的活动"
            description="活动门票、候补与签到"
            align="center"
            extra="›"
            clickable
            onClick={() => void Taro.navigateTo({ url: EVENT_URLS.mine })}
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
          <View id="notice-settings-entry">
            <Cell
              title="消息提醒"
              description="到期、活动、到账等微信服务通知"
              align="center"
              extra="›"
              clickable
              onClick={() => void Taro.navigateTo({ url: NOTICE_URLS.settings })}
            />
          </View>
          {/* The browser demo only: WeChat shows its own 服务通知; here the sandbox's inbox stands in for it. */}
          {process.env.TARO_ENV === 'h5' && (
            <View id="notice-inbox-entry">
              <Cell
                title="服务通知（演示）"
                description="查看微信服务通知中收到的提醒"
                align="center"
                extra="›"
                clickable
                onClick={() => void Taro.navigateTo({ url: NOTICE_URLS.inbox })}
              />
            </View>
          )}
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

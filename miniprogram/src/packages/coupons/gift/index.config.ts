export default definePageConfig({
  navigationBarTitleText: '赠送优惠券',
  // The giver passes the gift on as a share card (Button openType="share" → onShareAppMessage).
  enableShareAppMessage: true,
});

export default definePageConfig({
  navigationBarTitleText: '优惠券转赠',
  // The giver passes the gift on as a share card (Button openType="share" → onShareAppMessage).
  enableShareAppMessage: true,
});

export default definePageConfig({ navigationBarTitleText: '回访工单', enablePullDownRefresh: true });

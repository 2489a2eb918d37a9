import { Navigate, Route, Routes } from 'react-router-dom';
import { lazyPage } from './components/lazyPage';
import { RequirePermission } from './components/RequirePermission';

// Each page is its own chunk, loaded when first opened: the sign-in page does not download ProLayout,
// and a page's tables and forms come with that page (see vite.config.ts).
const CouponBatchesPage = lazyPage(() => import('./pages/coupons/CouponBatchesPage'), 'CouponBatchesPage');
const CouponIssuesPage = lazyPage(() => import('./pages/coupons/CouponIssuesPage'), 'CouponIssuesPage');
const CouponTemplateDetailPage = lazyPage(
  () => import('./pages/coupons/CouponTemplateDetailPage'),
  'CouponTemplateDetailPage',
);
const CouponTemplateEditorPage = lazyPage(
  () => import('./pages/coupons/CouponTemplateEditorPage'),
  'CouponTemplateEditorPage',
);
const CouponTemplateListPage = lazyPage(
  () => import('./pages/coupons/CouponTemplateListPage'),
  'CouponTemplateListPage',
);
const CouponUsesPage = lazyPage(() => import('./pages/coupons/CouponUsesPage'), 'CouponUsesPage');
const ConsoleLayout = lazyPage(() => import('./layout/ConsoleLayout'), 'ConsoleLayout');
const AuditLogPage = lazyPage(() => import('./pages/audit/AuditLogPage'), 'AuditLogPage');
const LoginPage = lazyPage(() => import('./pages/LoginPage'), 'LoginPage');
const MemberDetailPage = lazyPage(() => import('./pages/members/MemberDetailPage'), 'MemberDetailPage');
const MemberListPage = lazyPage(() => import('./pages/members/MemberListPage'), 'MemberListPage');
const NotFoundPage = lazyPage(() => import('./pages/NotFoundPage'), 'NotFoundPage');
const PointsRulesPage = lazyPage(() => import('./pages/loyalty/PointsRulesPage'), 'PointsRulesPage');
const TierListPage = lazyPage(() => import('./pages/loyalty/TierListPage'), 'TierListPage');
const ExpiryRemindersPage = lazyPage(() => import('./pages/points/ExpiryRemindersPage'), 'ExpiryRemindersPage');
const PointsAdjustmentsPage = lazyPage(() => import('./pages/points/PointsAdjustmentsPage'), 'PointsAdjustmentsPage');
const TierReviewsPage = lazyPage(() => import('./pages/points/TierReviewsPage'), 'TierReviewsPage');
const OperatorListPage = lazyPage(() => import('./pages/operators/OperatorListPage'), 'OperatorListPage');
const OutboxPage = lazyPage(() => import('./pages/outbox/OutboxPage'), 'OutboxPage');
const DeletionRequestsPage = lazyPage(() => import('./pages/privacy/DeletionRequestsPage'), 'DeletionRequestsPage');
const StaffPage = lazyPage(() => import('./pages/staff/StaffPage'), 'StaffPage');
const StoreListPage = lazyPage(() => import('./pages/stores/StoreListPage'), 'StoreListPage');
const PayAnomaliesPage = lazyPage(() => import('./pages/wallet/PayAnomaliesPage'), 'PayAnomaliesPage');
const TopupOrdersPage = lazyPage(() => import('./pages/wallet/TopupOrdersPage'), 'TopupOrdersPage');
const TopupPlanListPage = lazyPage(() => import('./pages/wallet/TopupPlanListPage'), 'TopupPlanListPage');
const ReconciliationsPage = lazyPage(() => import('./pages/wallet/ReconciliationsPage'), 'ReconciliationsPage');
const ReconRunDetailPage = lazyPage(() => import('./pages/wallet/ReconRunDetailPage'), 'ReconRunDetailPage');
const LiabilityReportPage = lazyPage(() => import('./pages/wallet/LiabilityReportPage'), 'LiabilityReportPage');
const WalletRefundsPage = lazyPage(() => import('./pages/wallet/WalletRefundsPage'), 'WalletRefundsPage');
const MallGoodsListPage = lazyPage(() => import('./pages/mall/GoodsListPage'), 'GoodsListPage');
const MallCategoriesPage = lazyPage(() => import('./pages/mall/CategoriesPage'), 'CategoriesPage');
const MallOrdersPage = lazyPage(() => import('./pages/mall/OrdersPage'), 'OrdersPage');
const MallDashboardPage = lazyPage(() => import('./pages/mall/DashboardPage'), 'DashboardPage');
const EventListPage = lazyPage(() => import('./pages/events/EventListPage'), 'EventListPage');
const EventEditorPage = lazyPage(() => import('./pages/events/EventEditorPage'), 'EventEditorPage');
const EventDetailPage = lazyPage(() => import('./pages/events/EventDetailPage'), 'EventDetailPage');
const EventFeedbackPage = lazyPage(() => import('./pages/surveys/EventFeedbackPage'), 'EventFeedbackPage');
const SurveyResultPage = lazyPage(() => import('./pages/surveys/SurveyResultPage'), 'SurveyResultPage');
const NpsSurveysPage = lazyPage(() => import('./pages/surveys/NpsSurveysPage'), 'NpsSurveysPage');
const FollowUpTasksPage = lazyPage(() => import('./pages/surveys/FollowUpTasksPage'), 'FollowUpTasksPage');
const StoreFeedbackPage = lazyPage(() => import('./pages/surveys/StoreFeedbackPage'), 'StoreFeedbackPage');
const NoticeKindsPage = lazyPage(() => import('./pages/notices/NoticeKindsPage'), 'NoticeKindsPage');
const NoticeLogPage = lazyPage(() => import('./pages/notices/NoticeLogPage'), 'NoticeLogPage');
const NoticeDashboardPage = lazyPage(() => import('./pages/notices/NoticeDashboardPage'), 'NoticeDashboardPage');
const WelcomePage = lazyPage(() => import('./pages/WelcomePage'), 'WelcomePage');

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<ConsoleLayout />}>
        <Route index element={<Navigate to="/welcome" replace />} />
        <Route path="/welcome" element={<WelcomePage />} />
        <Route path="/members" element={<MemberListPage />} />
        <Route path="/members/:id" element={<MemberDetailPage />} />
        <Route
          path="/stores"
          element={
            <RequirePermission allow={(p) => p.viewStores}>
              <StoreListPage />
            </RequirePermission>
          }
        />
        <Route
          path="/points-rules"
          element={
            <RequirePermission allow={(p) => p.viewLoyalty}>
              <PointsRulesPage />
            </RequirePermission>
          }
        />
        <Route
          path="/tiers"
          element={
            <RequirePermission allow={(p) => p.viewLoyalty}>
              <TierListPage />
            </RequirePermission>
          }
        />
        <Route
          path="/points-adjustments"
          element={
            <RequirePermission allow={(p) => p.viewLoyalty}>
              <PointsAdjustmentsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/tier-reviews"
          element={
            <RequirePermission allow={(p) => p.viewLoyalty}>
              <TierReviewsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/expiry-reminders"
          element={
            <RequirePermission allow={(p) => p.viewLoyalty}>
              <ExpiryRemindersPage />
            </RequirePermission>
          }
        />
        <Route path="/coupons" element={<Navigate to="/coupons/templates" replace />} />
        <Route path="/coupons/templates" element={<CouponTemplateListPage />} />
        <Route
          path="/coupons/templates/new"
          element={
            <RequirePermission allow={(p) => p.manageCoupons}>
              <CouponTemplateEditorPage />
            </RequirePermission>
          }
        />
        <Route path="/coupons/templates/:id" element={<CouponTemplateDetailPage />} />
        <Route
          path="/coupons/templates/:id/edit"
          element={
            <RequirePermission allow={(p) => p.manageCoupons}>
              <CouponTemplateEditorPage />
            </RequirePermission>
          }
        />
        <Route path="/coupons/issues" element={<CouponIssuesPage />} />
        <Route path="/coupons/uses" element={<CouponUsesPage />} />
        <Route
          path="/coupons/batches"
          element={
            <RequirePermission allow={(p) => p.viewCouponFigures}>
              <CouponBatchesPage />
            </RequirePermission>
          }
        />
        <Route path="/wallet" element={<Navigate to="/wallet/plans" replace />} />
        <Route
          path="/wallet/plans"
          element={
            <RequirePermission allow={(p) => p.viewWallet}>
              <TopupPlanListPage />
            </RequirePermission>
          }
        />
        <Route
          path="/wallet/topups"
          element={
            <RequirePermission allow={(p) => p.viewWallet}>
              <TopupOrdersPage />
            </RequirePermission>
          }
        />
        <Route
          path="/wallet/refunds"
          element={
            <RequirePermission allow={(p) => p.viewWallet}>
              <WalletRefundsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/wallet/anomalies"
          element={
            <RequirePermission allow={(p) => p.viewWallet}>
              <PayAnomaliesPage />
            </RequirePermission>
          }
        />
        <Route
          path="/wallet/reconciliations"
          element={
            <RequirePermission allow={(p) => p.viewWallet}>
              <ReconciliationsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/wallet/reconciliations/:id"
          element={
            <RequirePermission allow={(p) => p.viewWallet}>
              <ReconRunDetailPage />
            </RequirePermission>
          }
        />
        <Route
          path="/wallet/liability"
          element={
            <RequirePermission allow={(p) => p.viewWallet}>
              <LiabilityReportPage />
            </RequirePermission>
          }
        />
        <Route path="/mall" element={<Navigate to="/mall/goods" replace />} />
        <Route
          path="/mall/goods"
          element={
            <RequirePermission allow={(p) => p.viewMall}>
              <MallGoodsListPage />
            </RequirePermission>
          }
        />
        <Route
          path="/mall/categories"
          element={
            <RequirePermission allow={(p) => p.viewMall}>
              <MallCategoriesPage />
            </RequirePermission>
          }
        />
        <Route
          path="/mall/orders"
          element={
            <RequirePermission allow={(p) => p.viewMall}>
              <MallOrdersPage />
            </RequirePermission>
          }
        />
        <Route
          path="/mall/dashboard"
          element={
            <RequirePermission allow={(p) => p.viewMallFigures}>
              <MallDashboardPage />
            </RequirePermission>
          }
        />
        <Route path="/events" element={<Navigate to="/events/list" replace />} />
        <Route
          path="/events/list"
          element={
            <RequirePermission allow={(p) => p.viewEvents}>
              <EventListPage />
            </RequirePermission>
          }
        />
        <Route
          path="/events/new"
          element={
            <RequirePermission allow={(p) => p.manageEvents}>
              <EventEditorPage />
            </RequirePermission>
          }
        />
        <Route
          path="/events/:id"
          element={
            <RequirePermission allow={(p) => p.viewEvents}>
              <EventDetailPage />
            </RequirePermission>
          }
        />
        <Route
          path="/events/:id/edit"
          element={
            <RequirePermission allow={(p) => p.manageEvents}>
              <EventEditorPage />
            </RequirePermission>
          }
        />
        <Route
          path="/events/:id/feedback"
          element={
            <RequirePermission allow={(p) => p.viewEvents}>
              <EventFeedbackPage />
            </RequirePermission>
          }
        />
        <Route path="/surveys" element={<Navigate to="/surveys/stores" replace />} />
        <Route
          path="/surveys/stores"
          element={
            <RequirePermission allow={(p) => p.viewEvents}>
              <StoreFeedbackPage />
            </RequirePermission>
          }
        />
        <Route
          path="/surveys/tasks"
          element={
            <RequirePermission allow={(p) => p.viewEvents && p.viewMemberRows}>
              <FollowUpTasksPage />
            </RequirePermission>
          }
        />
        <Route
          path="/surveys/nps"
          element={
            <RequirePermission allow={(p) => p.viewEvents}>
              <NpsSurveysPage />
            </RequirePermission>
          }
        />
        <Route
          path="/surveys/:id"
          element={
            <RequirePermission allow={(p) => p.viewEvents}>
              <SurveyResultPage />
            </RequirePermission>
          }
        />
        <Route path="/notices" element={<Navigate to="/notices/kinds" replace />} />
        <Route
          path="/notices/kinds"
          element={
            <RequirePermission allow={(p) => p.viewNotices}>
              <NoticeKindsPage />
            </RequirePermission>
          }
        />
        <Route
          path="/notices/log"
          element={
            <RequirePermission allow={(p) => p.viewNotices}>
              <NoticeLogPage />
            </RequirePermission>
          }
        />
        <Route
          path="/notices/dashboard"
          element={
            <RequirePermission allow={(p) => p.viewNotices}>
              <NoticeDashboardPage />
            </RequirePermission>
          }
        />
        <Route path="/staff" element={<StaffPage />} />
        <Route
          path="/deletion-requests"
          element={
            <RequirePermission allow={(p) => p.viewPrivacy}>
              <DeletionRequestsPage />
            </RequirePermission>
          }
        />
        <Route path="/audit" element={<AuditLogPage />} />
        <Route
          path="/outbox"
          element={
            <RequirePermission allow={(p) => p.viewOutbox}>
              <OutboxPage />
            </RequirePermission>
          }
        />
        <Route
          path="/operators"
          element={
            <RequirePermission allow={(p) => p.manageOperators}>
              <OperatorListPage />
            </RequirePermission>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

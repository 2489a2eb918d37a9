import { Navigate, Route, Routes } from 'react-router-dom';
import { RequirePermission } from './components/RequirePermission';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { AuditLogPage } from './pages/audit/AuditLogPage';
import { LoginPage } from './pages/LoginPage';
import { MemberDetailPage } from './pages/members/MemberDetailPage';
import { MemberListPage } from './pages/members/MemberListPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PointsRulesPage } from './pages/loyalty/PointsRulesPage';
import { TierListPage } from './pages/loyalty/TierListPage';
import { ExpiryRemindersPage } from './pages/points/ExpiryRemindersPage';
import { PointsAdjustmentsPage } from './pages/points/PointsAdjustmentsPage';
import { TierReviewsPage } from './pages/points/TierReviewsPage';
import { OperatorListPage } from './pages/operators/OperatorListPage';
import { OutboxPage } from './pages/outbox/OutboxPage';
import { DeletionRequestsPage } from './pages/privacy/DeletionRequestsPage';
import { StaffPage } from './pages/staff/StaffPage';
import { StoreListPage } from './pages/stores/StoreListPage';
import { WelcomePage } from './pages/WelcomePage';

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

import { Navigate, Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { render } from 'solid-js/web';
import App from './app.tsx';
import RequireAuth from './components/require-auth.tsx';
import { loadSession } from './lib/session.ts';
import Login from './pages/login/login.tsx';
import Projects from './pages/projects/projects.tsx';
import './styles.css';

// The first screen is the login or the project list; the rest loads when it is opened.
const ProjectOverview = lazy(() => import('./pages/project/project-overview.tsx'));
const Admin = lazy(() => import('./pages/admin/admin.tsx'));
const NotFound = lazy(() => import('./pages/not-found/not-found.tsx'));
const Plan = lazy(() => import('./pages/plan/plan.tsx'));
const TaskPage = lazy(() => import('./pages/plan/task-page.tsx'));
const MyWork = lazy(() => import('./pages/plan/my-work.tsx'));
const ApprovalsInbox = lazy(() => import('./pages/approvals/approvals-inbox.tsx'));
const ApprovalSubject = lazy(() => import('./pages/approvals/approval-subject.tsx'));
const Outline = lazy(() => import('./pages/outline/outline.tsx'));
const Funding = lazy(() => import('./pages/funding/funding.tsx'));
const Dashboard = lazy(() => import('./pages/dashboard/dashboard.tsx'));
const Timeline = lazy(() => import('./pages/timeline/timeline.tsx'));
const NotificationSettings = lazy(() => import('./pages/settings/notification-settings.tsx'));
const Activity = lazy(() => import('./pages/activity/activity.tsx'));

void loadSession();

render(
  () => (
    <Router root={App}>
      <Route path="/login" component={Login} />
      <Route component={RequireAuth}>
        <Route path="/" component={() => <Navigate href="/projects" />} />
        <Route path="/projects" component={Projects} />
        <Route path="/projects/:projectId" component={ProjectOverview} />
        <Route path="/projects/:projectId/plan" component={Plan} />
        <Route path="/projects/:projectId/tasks/:taskId" component={TaskPage} />
        <Route path="/projects/:projectId/my-work" component={MyWork} />
        <Route path="/projects/:projectId/approvals" component={ApprovalsInbox} />
        <Route path="/projects/:projectId/approvals/:kind/:subjectId" component={ApprovalSubject} />
        <Route path="/projects/:projectId/outline" component={Outline} />
        <Route path="/projects/:projectId/funding" component={Funding} />
        <Route path="/projects/:projectId/dashboard" component={Dashboard} />
        <Route path="/projects/:projectId/timeline" component={Timeline} />
        <Route path="/projects/:projectId/activity" component={Activity} />
        <Route path="/admin" component={Admin} />
        <Route path="/settings/notifications" component={NotificationSettings} />
      </Route>
      <Route path="*404" component={NotFound} />
    </Router>
  ),
  document.getElementById('root')!,
);

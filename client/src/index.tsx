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

void loadSession();

render(
  () => (
    <Router root={App}>
      <Route path="/login" component={Login} />
      <Route component={RequireAuth}>
        <Route path="/" component={() => <Navigate href="/projects" />} />
        <Route path="/projects" component={Projects} />
        <Route path="/projects/:projectId" component={ProjectOverview} />
        <Route path="/admin" component={Admin} />
      </Route>
      <Route path="*404" component={NotFound} />
    </Router>
  ),
  document.getElementById('root')!,
);

import { Navigate, useLocation, type RouteSectionProps } from '@solidjs/router';
import { Show } from 'solid-js';
import { me, signedOut } from '~/lib/session.ts';

/** Pages behind login: a visitor without a session goes to log in, and comes back here afterwards. */
export default function RequireAuth(props: RouteSectionProps) {
  const location = useLocation();
  const loginHref = () =>
    signedOut() || location.pathname === '/' ? '/login' : `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <Show when={me()} fallback={<Navigate href={loginHref()} />}>
      {props.children}
    </Show>
  );
}

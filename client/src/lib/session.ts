import { createSignal } from 'solid-js';
import { applyLocale, type Locale } from '~/i18n/i18n.ts';
import { isUnauthorized, trpc } from './trpc.ts';

export type Me = NonNullable<Awaited<ReturnType<typeof trpc.auth.me.query>>>;

// The logged-in person is shared by every screen: one app-wide signal.
const [me, setMe] = createSignal<Me | null>(null);
const [sessionChecked, setSessionChecked] = createSignal(false);
/** True right after the person logged out themselves: they go to a plain login page, not "back to". */
const [signedOut, setSignedOut] = createSignal(false);

export { me, sessionChecked, signedOut };

/** Asks the server who is logged in (the session cookie is HttpOnly, so only it knows). */
export async function loadSession(): Promise<void> {
  try {
    setMe(await trpc.auth.me.query());
  } catch {
    setMe(null);
  } finally {
    setSessionChecked(true);
  }
}

/** Logs in and adopts the language the person chose last time, on any device. */
export async function logIn(email: string, password: string): Promise<Me> {
  const user = await trpc.auth.login.mutate({ email, password });
  applyLocale(user.locale);
  setSignedOut(false);
  setMe(user);
  return user;
}

export async function logOut(): Promise<void> {
  try {
    await trpc.auth.logout.mutate();
  } catch (error) {
    // A session that already ended is the outcome we wanted.
    if (!isUnauthorized(error)) throw error;
  }
  setSignedOut(true);
  setMe(null);
}

/** The server said the session is gone (expired, or ended elsewhere): back to the login page. */
export function sessionEnded(): void {
  setMe(null);
}

/** Switches language here and, when logged in, remembers it for the person's other devices. */
export function changeLocale(next: Locale): void {
  applyLocale(next);
  const user = me();
  if (!user || user.locale === next) return;
  setMe({ ...user, locale: next });
  trpc.auth.setLocale.mutate({ locale: next }).catch((error: unknown) => {
    if (isUnauthorized(error)) sessionEnded();
    // Otherwise the choice is still kept on this device; the next switch tries again.
  });
}

import { serialize, parse } from 'hono/utils/cookie';
import type { Config } from '../config.ts';

/** `__Host-` binds the cookie to our exact origin; browsers accept it only with Secure and Path=/. */
export function sessionCookieName(config: Config): string {
  return config.secureCookies ? '__Host-lk_session' : 'lk_session';
}

export function readSessionCookie(config: Config, cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  return parse(cookieHeader, sessionCookieName(config))[sessionCookieName(config)] ?? null;
}

export function sessionCookie(config: Config, token: string): string {
  return serialize(sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

export function clearedSessionCookie(config: Config): string {
  return serialize(sessionCookieName(config), '', {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: 0,
  });
}

import { Navigate, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { FormMessage, TextField } from '~/components/field.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import { t } from '~/i18n/i18n.ts';
import { checkForm, focusFirstError, textOf } from '~/lib/forms.ts';
import { logIn, me } from '~/lib/session.ts';
import { describeError } from '~/lib/trpc.ts';

/** Only a path inside this app: never another site, never back to the login page itself. */
function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.startsWith('/login')) {
    return '/projects';
  }
  return value;
}

export default function Login() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [message, setMessage] = createSignal<string>();
  const [pending, setPending] = createSignal(false);
  usePageTitle(() => t('login.title'));

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setMessage(undefined);
    const errors = checkForm(form);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      setMessage(t('form.fixErrors'));
      focusFirstError(form, errors);
      return;
    }
    const data = new FormData(form);
    // Read before logging in: once the session exists this page navigates away and `next` is gone.
    const target = safeNext(params.next);
    setPending(true);
    try {
      await logIn(textOf(data, 'email'), textOf(data, 'password'));
      navigate(target, { replace: true });
    } catch (error) {
      const described = describeError(error);
      setFieldErrors(described.fieldErrors);
      setMessage(described.message);
      const password = form.elements.namedItem('password');
      if (described.reason === 'invalid_credentials' && password instanceof HTMLInputElement) {
        password.value = '';
        password.focus();
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <Show when={!me()} fallback={<Navigate href={safeNext(params.next)} />}>
      <section class="login" aria-labelledby="login-title">
        <div class="login-card">
          <h1 id="login-title">{t('login.title')}</h1>
          <p class="login-intro">{t('login.intro')}</p>
          <Show when={params.next && !message()}>
            <p class="notice notice--info">{t('login.needed')}</p>
          </Show>
          <form class="form" novalidate onSubmit={onSubmit} aria-describedby="login-message">
            <div id="login-message">
              <FormMessage message={message()} />
            </div>
            <TextField
              label={t('login.email')}
              name="email"
              type="email"
              autocomplete="username"
              inputmode="email"
              autocapitalize="none"
              spellcheck={false}
              required
              maxLength={320}
              error={fieldErrors().email}
            />
            <TextField
              label={t('login.password')}
              name="password"
              type="password"
              autocomplete="current-password"
              required
              maxLength={1024}
              error={fieldErrors().password}
            />
            <button type="submit" class="button button--primary button--block" disabled={pending()} aria-busy={pending()}>
              {pending() ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
        </div>
      </section>
    </Show>
  );
}

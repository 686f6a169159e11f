import { createSignal } from 'solid-js';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import { sessionEnded } from './session.ts';
import { describeError, type DescribedError } from './trpc.ts';

type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function isControl(el: Element): el is FormControl {
  return el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
}

function messageFor(control: FormControl): string {
  const v = control.validity;
  if (v.valueMissing) return t(control instanceof HTMLSelectElement ? 'validation.choose' : 'validation.required');
  if (v.typeMismatch && control.type === 'email') return t('validation.email');
  if (v.tooShort) return t('validation.tooShort', { min: (control as HTMLInputElement).minLength });
  if (v.tooLong) return t('validation.tooLong', { max: (control as HTMLInputElement).maxLength });
  if (v.patternMismatch && control.dataset.invalidMessage) return t(control.dataset.invalidMessage as MessageKey);
  if (v.badInput || v.rangeUnderflow || v.rangeOverflow) return t('validation.date');
  return t('validation.invalid');
}

/**
 * Checks a form with the browser's constraint validation (required, type, minlength, pattern)
 * but in our words and the person's language, rather than the browser's. The server checks again.
 * Returns field errors keyed by input name; empty when the form is valid.
 */
export function checkForm(form: HTMLFormElement): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    if (!isControl(el) || !el.name || el.disabled || el.validity.valid) continue;
    errors[el.name] ??= messageFor(el);
  }
  return errors;
}

/** Moves focus to the first control that has an error, so keyboard and screen-reader users land on it. */
export function focusFirstError(form: HTMLFormElement, errors: Record<string, string>): void {
  for (const el of Array.from(form.elements)) {
    if (isControl(el) && el.name in errors) {
      el.focus();
      return;
    }
  }
}

/** A form's text value by name, or '' when absent. */
export function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * The state of one form that sends to the server: pending flag, field errors and a form message.
 * Checks the form first (in the person's language), then sends; on failure shows the server's
 * reason, puts field errors beside their fields, and sends a lost session back to login.
 */
export function createSubmit<T>(options: {
  send: (data: FormData, form: HTMLFormElement) => Promise<T>;
  /** Checks beyond what the HTML attributes express (e.g. an end date after the start date). */
  check?: (data: FormData) => Record<string, string>;
  onDone?: (result: T, form: HTMLFormElement) => void;
  onFailed?: (error: DescribedError) => void;
  /** The field a `duplicate` refusal is about (the unique code or email). */
  duplicateField?: string;
}) {
  const [pending, setPending] = createSignal(false);
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [message, setMessage] = createSignal<string>();

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const errors = { ...checkForm(form), ...(options.check?.(data) ?? {}) };
    setFieldErrors(errors);
    setMessage(undefined);
    if (Object.keys(errors).length > 0) {
      setMessage(t('form.fixErrors'));
      focusFirstError(form, errors);
      return;
    }
    setPending(true);
    try {
      const result = await options.send(data, form);
      options.onDone?.(result, form);
    } catch (error) {
      const described = describeError(error);
      if (described.code === 'UNAUTHORIZED') sessionEnded();
      const fields = { ...described.fieldErrors };
      if (described.reason === 'duplicate' && options.duplicateField) fields[options.duplicateField] = described.message;
      setFieldErrors(fields);
      setMessage(described.message);
      options.onFailed?.(described);
    } finally {
      setPending(false);
    }
  }

  return { onSubmit, pending, fieldErrors, message, setMessage, setFieldErrors };
}

import { createUniqueId, For, Show, splitProps, type JSX } from 'solid-js';

interface FieldFrameProps {
  id: string;
  label: string;
  required?: boolean | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  class?: string | undefined;
  children: JSX.Element;
}

/** Label, control, hint and error, bound together by id so assistive technology reads them as one. */
function FieldFrame(props: FieldFrameProps) {
  return (
    <div class={`field ${props.class ?? ''}`} classList={{ 'field--invalid': !!props.error, 'field--required': !!props.required }}>
      {/* The star comes from CSS with an empty alternative text: `required` already tells assistive technology. */}
      <label for={props.id}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="field-hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      </Show>
    </div>
  );
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

type Common = { label: string; name: string; hint?: string | undefined; error?: string | undefined; class?: string };

export function TextField(props: Common & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'class'>) {
  const id = createUniqueId();
  const [own, input] = splitProps(props, ['label', 'hint', 'error', 'class']);
  return (
    <FieldFrame id={id} label={own.label} required={input.required} hint={own.hint} error={own.error} class={own.class}>
      <input
        id={id}
        type="text"
        {...input}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy(id, own.hint, own.error)}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: Common & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'class'>) {
  const id = createUniqueId();
  const [own, input] = splitProps(props, ['label', 'hint', 'error', 'class']);
  return (
    <FieldFrame id={id} label={own.label} required={input.required} hint={own.hint} error={own.error} class={own.class}>
      <textarea id={id} rows={4} {...input} aria-invalid={own.error ? 'true' : undefined} aria-describedby={describedBy(id, own.hint, own.error)} />
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField(
  props: Common & { options: SelectOption[]; placeholder?: string } & Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'class'>,
) {
  const id = createUniqueId();
  const [own, select] = splitProps(props, ['label', 'hint', 'error', 'class', 'options', 'placeholder', 'value']);
  return (
    <FieldFrame id={id} label={own.label} required={select.required} hint={own.hint} error={own.error} class={own.class}>
      <select id={id} {...select} aria-invalid={own.error ? 'true' : undefined} aria-describedby={describedBy(id, own.hint, own.error)}>
        <Show when={own.placeholder !== undefined}>
          <option value="" selected={!own.value}>
            {own.placeholder}
          </option>
        </Show>
        <For each={own.options}>
          {(option) => (
            <option value={option.value} selected={String(own.value ?? '') === option.value}>
              {option.label}
            </option>
          )}
        </For>
      </select>
    </FieldFrame>
  );
}

export function CheckboxField(props: Common & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'class' | 'type'>) {
  const id = createUniqueId();
  const [own, input] = splitProps(props, ['label', 'hint', 'error', 'class']);
  return (
    <div class={`field field--checkbox ${own.class ?? ''}`}>
      <input id={id} type="checkbox" {...input} aria-describedby={describedBy(id, own.hint, own.error)} />
      <label for={id}>{own.label}</label>
      <Show when={own.hint}>
        <p id={`${id}-hint`} class="field-hint">
          {own.hint}
        </p>
      </Show>
      <Show when={own.error}>
        <p id={`${id}-error`} class="field-error">
          {own.error}
        </p>
      </Show>
    </div>
  );
}

/**
 * The form's own message area: always in the page (so screen readers notice when text appears)
 * and announced at once.
 */
export function FormMessage(props: { message: string | undefined; kind?: 'error' | 'success' }) {
  return (
    <div class="form-message" classList={{ 'form-message--success': props.kind === 'success', 'form-message--shown': !!props.message }} role={props.kind === 'success' ? 'status' : 'alert'}>
      {props.message}
    </div>
  );
}

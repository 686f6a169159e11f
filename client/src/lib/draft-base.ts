import { createEffect, createSignal, on, untrack } from 'solid-js';

/**
 * What a form's draft is written against: the record's values and version. While the person has
 * not typed, it follows the record, so a partner's change arriving live shows in the form. Once
 * they type, it stays: a live refresh never overwrites their text, and the save carries the
 * version the draft was based on, so a change saved in between answers CONFLICT (and the dialog)
 * instead of being silently overwritten.
 */
export function createDraftBase<T>(record: () => T, version: () => number) {
  const snapshot = () => ({ values: record(), version: version() });
  const [base, setBase] = createSignal(untrack(snapshot));
  const [touched, setTouched] = createSignal(false);
  createEffect(
    on(
      version,
      () => {
        if (!touched()) setBase(snapshot());
      },
      { defer: true },
    ),
  );
  return {
    values: () => base().values,
    version: () => base().version,
    /** Someone saved the record after the person started this draft. */
    changedUnderneath: () => touched() && version() !== base().version,
    /** For the form's onInput: the person has started typing. */
    touch: () => setTouched(true),
    /** The draft was saved or given up: follow the record again. */
    release: () => {
      setTouched(false);
      setBase(untrack(snapshot));
    },
  };
}

import { createMemo, createSignal, createUniqueId, For, Show } from 'solid-js';
import { mentionToken } from '../../../../shared/mentions.ts';
import { toSearchText } from '../../../../shared/search-text.ts';
import { TextAreaField } from '~/components/field.tsx';
import { t } from '~/i18n/i18n.ts';
import { trpc } from '~/lib/trpc.ts';
import './mention-field.css';

/** How many people the list shows at once; typing more narrows it. */
const MAX_SHOWN = 8;

/** The `@…` being typed just before the caret: after a space or at the start, on one line, no brackets. */
const TYPING_MENTION = /(?:^|\s)@([^\s@[\]()][^@[\]()\n]{0,39})?$/;

type Candidate = Awaited<ReturnType<typeof trpc.notifications.mentionCandidates.query>>[number];

/**
 * The comment box with @mention autocomplete. Typing `@` lists the project's people (name and
 * organization), narrowed as you type, ignoring case and Vietnamese diacritics. Arrows move, Enter or
 * Tab inserts `@[Name](user:id)` (shared/mentions.ts), Escape closes. The textarea keeps its own role
 * (a textarea cannot be a combobox) and points at the listbox with aria-controls and
 * aria-activedescendant, as the ARIA practices' textarea autocomplete does; a status line says how
 * many match.
 */
export default function MentionField(props: { projectId: number; label: string; hint: string; error: string | undefined }) {
  const listId = createUniqueId();
  let textarea: HTMLTextAreaElement | undefined;
  const [query, setQuery] = createSignal<string | null>(null);
  const [active, setActive] = createSignal(0);
  // Loaded on the first @ only (most comments mention nobody), and kept in a signal rather than a
  // resource so that loading it never suspends the page around the box being typed in.
  const [people, setPeople] = createSignal<Candidate[]>();
  let loading = false;
  function loadPeople() {
    if (loading || people()) return;
    loading = true;
    trpc.notifications.mentionCandidates.query({ projectId: props.projectId }).then(setPeople, () => {
      loading = false;
    });
  }
  const matches = createMemo<Candidate[]>(() => {
    const q = query();
    if (q === null) return [];
    const words = toSearchText(q).split(' ').filter(Boolean);
    return (people() ?? [])
      .filter((p) => {
        // Each typed word starts a word of the name or the organization: "ng" finds Nguyễn, not Quang.
        const own = toSearchText(`${p.displayName} ${p.organization.code}`).split(/[\s-]+/);
        return words.every((w) => own.some((o) => o.startsWith(w)));
      })
      .slice(0, MAX_SHOWN);
  });
  const open = () => query() !== null && people() !== undefined;
  const optionId = (i: number) => `${listId}-${i}`;

  function update() {
    if (!textarea || textarea.selectionStart !== textarea.selectionEnd) return setQuery(null);
    const before = textarea.value.slice(0, textarea.selectionStart);
    const typed = TYPING_MENTION.exec(before);
    setQuery(typed ? (typed[1] ?? '') : null);
    setActive(0);
    if (typed) loadPeople();
  }

  function choose(person: Candidate) {
    if (!textarea) return;
    const caret = textarea.selectionStart;
    const start = textarea.value.lastIndexOf('@', caret - 1);
    const token = `${mentionToken(person.displayName, person.id)} `;
    textarea.setRangeText(token, start, caret, 'end');
    setQuery(null);
    textarea.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!open()) return;
    const n = matches().length;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setQuery(null);
    } else if (n === 0) {
      return;
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((active() + 1) % n);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((active() - 1 + n) % n);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      choose(matches()[active()]!);
    }
  }

  return (
    <div class="mention-field">
      <TextAreaField
        ref={(el: HTMLTextAreaElement) => (textarea = el)}
        name="body"
        label={props.label}
        hint={props.hint}
        required
        maxLength={10_000}
        rows={3}
        error={props.error}
        aria-autocomplete="list"
        aria-controls={open() ? listId : undefined}
        aria-activedescendant={open() && matches().length > 0 ? optionId(active()) : undefined}
        onInput={update}
        onClick={update}
        onKeyUp={(event) => ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key) && update()}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
      <Show when={open()}>
        <ul id={listId} class="mention-list" role="listbox" aria-label={t('mention.listLabel')}>
          <For each={matches()} fallback={<li class="mention-none">{t('mention.none')}</li>}>
            {(person, i) => (
              <li
                id={optionId(i())}
                role="option"
                class="mention-option"
                aria-selected={i() === active()}
                // mousedown, not click: the textarea must keep focus and its caret.
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(person);
                }}
              >
                <span class="mention-name">{person.displayName}</span> <span class="code">{person.organization.code}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="visually-hidden" role="status">
        {open() ? (matches().length > 0 ? t('mention.results', { count: matches().length }) : t('mention.none')) : ''}
      </p>
    </div>
  );
}

import { For, type JSX } from 'solid-js';
import { t, type MessageKey } from '~/i18n/i18n.ts';

/**
 * WAI-ARIA tabs with a roving tab stop: arrows, Home and End move between tabs. The caller keeps
 * the chosen tab (in the address, so a reload or a shared link keeps it) and renders its panel.
 */
export default function Tabs<T extends string>(props: {
  tabs: readonly T[];
  labels: Record<T, MessageKey>;
  current: T;
  onSelect: (tab: T) => void;
  labelledBy: string;
  children: JSX.Element;
}) {
  const buttons: HTMLButtonElement[] = [];

  function select(tab: T, focus = false) {
    props.onSelect(tab);
    if (focus) buttons[props.tabs.indexOf(tab)]?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const index = props.tabs.indexOf(props.current);
    const last = props.tabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : -1;
    if (next < 0) return;
    event.preventDefault();
    select(props.tabs[next]!, true);
  }

  return (
    <>
      <div class="tabs" role="tablist" aria-labelledby={props.labelledBy} onKeyDown={onKeyDown}>
        <For each={props.tabs}>
          {(tab, i) => (
            <button
              ref={(el) => (buttons[i()] = el)}
              type="button"
              role="tab"
              id={`tab-${tab}`}
              class="tab"
              aria-selected={props.current === tab}
              aria-controls={props.current === tab ? `panel-${tab}` : undefined}
              tabindex={props.current === tab ? 0 : -1}
              onClick={() => select(tab)}
            >
              {t(props.labels[tab])}
            </button>
          )}
        </For>
      </div>
      <div class="tab-panel" role="tabpanel" id={`panel-${props.current}`} aria-labelledby={`tab-${props.current}`}>
        {props.children}
      </div>
    </>
  );
}

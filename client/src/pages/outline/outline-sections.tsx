import { For, Show } from 'solid-js';
import { pick, pickLang, t } from '~/i18n/i18n.ts';

export interface SectionLike {
  id: number;
  number: string;
  depth: number;
  title: string;
  /** Sanitized by the server (Markdown without raw HTML): the only text inserted as HTML. */
  bodyHtml: string;
  owner: { code: string; nameVi: string; nameEn: string } | null;
}

/** The section's heading: deeper sections get lower heading levels, up to h6. */
export function SectionHeading(props: { section: SectionLike; level: number; id?: string }) {
  const content = () => (
    <>
      <span class="section-number">{props.section.number}.</span> {props.section.title}
    </>
  );
  const level = () => Math.min(6, props.level + props.section.depth);
  return (
    <Show when={level() === 3} fallback={<h4 id={props.id} class="section-title" aria-level={level()}>{content()}</h4>}>
      <h3 id={props.id} class="section-title">
        {content()}
      </h3>
    </Show>
  );
}

export function OwnerBadge(props: { owner: SectionLike['owner'] }) {
  return (
    <Show when={props.owner}>
      {(owner) => (
        <span class="badge badge--plain" title={pick(owner().nameVi, owner().nameEn)}>
          <span class="visually-hidden">{t('outline.owner')}: </span>
          <span lang={pickLang(owner().nameVi, owner().nameEn)} class="visually-hidden">
            {pick(owner().nameVi, owner().nameEn)}
          </span>
          <span aria-hidden="true">{owner().code}</span>
        </span>
      )}
    </Show>
  );
}

/** A frozen outline (a version, a snapshot) read-only: numbered sections, owners, rendered bodies. */
export default function OutlineSections(props: { sections: SectionLike[] }) {
  return (
    <Show when={props.sections.length > 0} fallback={<p class="muted">{t('outline.noSections')}</p>}>
      <ol class="outline-sections" role="list">
        <For each={props.sections}>
          {(section) => (
            <li class={`outline-section outline-section--depth-${Math.min(section.depth, 3)}`}>
              <div class="outline-section-head">
                <SectionHeading section={section} level={3} />
                <OwnerBadge owner={section.owner} />
              </div>
              {/* eslint-disable-next-line solid/no-innerhtml -- bodyHtml is rendered and sanitized by the server */}
              <div class="markdown" innerHTML={section.bodyHtml} />
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}

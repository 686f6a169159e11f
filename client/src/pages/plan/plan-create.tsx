import { createSignal, Match, Switch } from 'solid-js';
import { FormMessage, SelectField, TextAreaField, TextField } from '~/components/field.tsx';
import { date, t } from '~/i18n/i18n.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { trpc } from '~/lib/trpc.ts';
import type { Plan, ProjectOverview } from './plan-data.ts';

type Kind = 'phase' | 'milestone' | 'task';

const endAfterStart = (startName: string, endName: string) => (data: FormData) =>
  textOf(data, startName) && textOf(data, endName) && textOf(data, startName) > textOf(data, endName) ? { [endName]: t('validation.endBeforeStart') } : {};

/** Coordinators add phases, milestones and tasks; one small form at a time. */
export default function PlanCreate(props: { project: ProjectOverview; plan: Plan; onCreated: (message: string) => void }) {
  const [open, setOpen] = createSignal<Kind>();
  const toggle = (kind: Kind) => setOpen(open() === kind ? undefined : kind);
  const projectId = () => props.project.id;
  const phaseOptions = () => props.plan.phases.map((p, i) => ({ value: String(p.id), label: `${i + 1}. ${p.name}` }));
  const milestoneOptions = () =>
    props.plan.phases.flatMap((p, i) => p.milestones.map((m) => ({ value: String(m.id), label: `${i + 1}. ${m.name} (${date(m.date)})` })));
  const partyOptions = () => props.project.parties.map((p) => ({ value: String(p.organization.id), label: p.organization.code }));
  const finished = (message: string) => {
    setOpen(undefined);
    props.onCreated(message);
  };

  const phaseForm = createSubmit({
    check: endAfterStart('startDate', 'endDate'),
    send: (data) => trpc.plan.createPhase.mutate({ projectId: projectId(), name: textOf(data, 'name').trim(), startDate: textOf(data, 'startDate'), endDate: textOf(data, 'endDate') }),
    onDone: (phase) => finished(t('plan.phaseCreated', { name: phase.name })),
  });
  const milestoneForm = createSubmit({
    send: (data) =>
      trpc.plan.createMilestone.mutate({
        projectId: projectId(),
        phaseId: Number(textOf(data, 'phaseId')),
        name: textOf(data, 'name').trim(),
        date: textOf(data, 'date'),
        deliverables: textOf(data, 'deliverables'),
      }),
    onDone: (milestone) => finished(t('plan.milestoneCreated', { name: milestone.name })),
  });
  const taskForm = createSubmit({
    check: endAfterStart('startDate', 'dueDate'),
    send: (data) => {
      const milestoneId = textOf(data, 'milestoneId') ? Number(textOf(data, 'milestoneId')) : null;
      // A milestone belongs to one phase: choosing it decides the phase.
      const phaseOfMilestone = props.plan.phases.find((p) => p.milestones.some((m) => m.id === milestoneId))?.id;
      const lead = textOf(data, 'leadOrganizationId');
      return trpc.tasks.create.mutate({
        projectId: projectId(),
        title: textOf(data, 'title').trim(),
        phaseId: phaseOfMilestone ?? Number(textOf(data, 'phaseId')),
        milestoneId,
        startDate: textOf(data, 'startDate'),
        dueDate: textOf(data, 'dueDate'),
        leadOrganizationId: lead ? Number(lead) : null,
      });
    },
    onDone: (task) => finished(t('plan.taskCreated', { title: task.title })),
  });

  return (
    <section class="plan-create" aria-label={t('plan.addTitle')}>
      <div class="actions">
        <button type="button" class="button button--secondary" aria-expanded={open() === 'phase'} onClick={() => toggle('phase')}>
          {t('plan.newPhase')}
        </button>
        <button type="button" class="button button--secondary" aria-expanded={open() === 'milestone'} disabled={props.plan.phases.length === 0} onClick={() => toggle('milestone')}>
          {t('plan.newMilestone')}
        </button>
        <button type="button" class="button button--primary" aria-expanded={open() === 'task'} disabled={props.plan.phases.length === 0} onClick={() => toggle('task')}>
          {t('plan.newTask')}
        </button>
      </div>
      <Switch>
        <Match when={open() === 'phase'}>
          <form class="form form--panel" onSubmit={phaseForm.onSubmit} noValidate aria-label={t('plan.newPhase')}>
            <TextField name="name" label={t('plan.phaseName')} required maxLength={200} error={phaseForm.fieldErrors().name} ref={(el: HTMLInputElement) => queueMicrotask(() => el.focus())} />
            <div class="form-grid">
              <TextField type="date" name="startDate" label={t('task.start')} required error={phaseForm.fieldErrors().startDate} />
              <TextField type="date" name="endDate" label={t('plan.end')} required error={phaseForm.fieldErrors().endDate} />
            </div>
            <FormMessage message={phaseForm.message()} />
            <FormButtons pending={phaseForm.pending()} onCancel={() => setOpen(undefined)} />
          </form>
        </Match>
        <Match when={open() === 'milestone'}>
          <form class="form form--panel" onSubmit={milestoneForm.onSubmit} noValidate aria-label={t('plan.newMilestone')}>
            <TextField name="name" label={t('plan.milestoneName')} required maxLength={200} error={milestoneForm.fieldErrors().name} ref={(el: HTMLInputElement) => queueMicrotask(() => el.focus())} />
            <div class="form-grid">
              <SelectField name="phaseId" label={t('task.phase')} placeholder={t('form.choose')} required options={phaseOptions()} error={milestoneForm.fieldErrors().phaseId} />
              <TextField type="date" name="date" label={t('plan.milestoneDate')} required error={milestoneForm.fieldErrors().date} />
            </div>
            <TextAreaField name="deliverables" label={t('task.deliverables')} maxLength={4000} rows={2} error={milestoneForm.fieldErrors().deliverables} />
            <FormMessage message={milestoneForm.message()} />
            <FormButtons pending={milestoneForm.pending()} onCancel={() => setOpen(undefined)} />
          </form>
        </Match>
        <Match when={open() === 'task'}>
          <form class="form form--panel" onSubmit={taskForm.onSubmit} noValidate aria-label={t('plan.newTask')}>
            <TextField name="title" label={t('task.title')} required maxLength={300} error={taskForm.fieldErrors().title} ref={(el: HTMLInputElement) => queueMicrotask(() => el.focus())} />
            <div class="form-grid">
              <SelectField name="phaseId" label={t('task.phase')} placeholder={t('form.choose')} required options={phaseOptions()} error={taskForm.fieldErrors().phaseId} />
              <SelectField name="milestoneId" label={t('task.milestone')} placeholder={t('task.noMilestone')} hint={t('plan.milestoneHint')} options={milestoneOptions()} error={taskForm.fieldErrors().milestoneId} />
              <TextField type="date" name="startDate" label={t('task.start')} required error={taskForm.fieldErrors().startDate} />
              <TextField type="date" name="dueDate" label={t('task.due')} required error={taskForm.fieldErrors().dueDate} />
              <SelectField name="leadOrganizationId" label={t('task.assignTo')} placeholder={t('plan.assignLater')} options={partyOptions()} error={taskForm.fieldErrors().leadOrganizationId} />
            </div>
            <FormMessage message={taskForm.message()} />
            <FormButtons pending={taskForm.pending()} onCancel={() => setOpen(undefined)} />
          </form>
        </Match>
      </Switch>
    </section>
  );
}

function FormButtons(props: { pending: boolean; onCancel: () => void }) {
  return (
    <div class="form-actions">
      <button type="submit" class="button button--primary" disabled={props.pending}>
        {t('plan.create')}
      </button>
      <button type="button" class="button button--ghost" onClick={() => props.onCancel()}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

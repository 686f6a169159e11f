import {
  zOutlineCompare,
  zOutlinePropose,
  zOutlineSectionCreate,
  zOutlineSectionDelete,
  zOutlineSectionMove,
  zOutlineSectionUpdate,
  zOutlineVersionInput,
} from '../../shared/approval-schemas.ts';
import { projectProcedure, router } from '../trpc.ts';
import {
  addSection,
  compareOutline,
  deleteSection,
  getOutline,
  getVersion,
  moveSection,
  outlineConsensus,
  proposeOutline,
  updateSection,
} from './outline.ts';

export const outlineRouter = router({
  get: projectProcedure.query(({ ctx }) => getOutline(ctx.db, ctx.membership)),
  version: projectProcedure.input(zOutlineVersionInput).query(({ ctx, input }) => getVersion(ctx.db, ctx.membership, input.versionId)),
  compare: projectProcedure
    .input(zOutlineCompare)
    .query(({ ctx, input }) => compareOutline(ctx.db, ctx.membership, input.from, input.to)),
  consensus: projectProcedure.query(({ ctx }) => outlineConsensus(ctx.db, ctx.membership)),

  addSection: projectProcedure
    .input(zOutlineSectionCreate)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => addSection(tx, action, ctx.membership, input))),
  updateSection: projectProcedure
    .input(zOutlineSectionUpdate)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateSection(tx, action, ctx.membership, input))),
  moveSection: projectProcedure
    .input(zOutlineSectionMove)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => moveSection(tx, action, ctx.membership, input))),
  deleteSection: projectProcedure
    .input(zOutlineSectionDelete)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => deleteSection(tx, action, ctx.membership, input))),
  propose: projectProcedure
    .input(zOutlinePropose)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => proposeOutline(tx, action, ctx.membership, input))),
});

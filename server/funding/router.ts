import {
  zBudgetOwnersInput,
  zCategoryCreateInput,
  zDisbursementCreateInput,
  zDisbursementDeleteInput,
  zDisbursementListInput,
  zDisbursementUpdateInput,
  zEstimateCreateInput,
  zEstimateInput,
  zEstimateSubmitInput,
  zEstimateUpdateInput,
  zExportInput,
  zImportCommitInput,
  zImportPreviewInput,
  zLineCreateInput,
  zLineDeleteInput,
  zLineUpdateInput,
  zSourceCreateInput,
  zSourceDeleteInput,
  zSourceUpdateInput,
} from '../../shared/funding-schemas.ts';
import { projectProcedure, router } from '../trpc.ts';
import { deleteDisbursement, listDisbursements, recordDisbursement, updateDisbursement } from './disbursements.ts';
import { addLine, createEstimate, deleteLine, submitEstimate, updateEstimate, updateLine } from './estimates.ts';
import { commitImport, exportEstimate, previewImport } from './import-export.ts';
import { fundingOverview, getEstimate } from './queries.ts';
import { createCategory, createSource, deleteSource, setBudgetOwners, updateSource } from './sources.ts';

export const fundingRouter = router({
  overview: projectProcedure.query(({ ctx }) => fundingOverview(ctx.db, ctx.membership)),
  estimate: projectProcedure.input(zEstimateInput).query(({ ctx, input }) => getEstimate(ctx.db, ctx.membership, input.estimateId)),
  disbursements: projectProcedure
    .input(zDisbursementListInput)
    .query(({ ctx, input }) => listDisbursements(ctx.db, ctx.membership, input.lineId)),
  export: projectProcedure.input(zExportInput).query(({ ctx, input }) => exportEstimate(ctx.db, ctx.membership, input)),

  setBudgetOwners: projectProcedure
    .input(zBudgetOwnersInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => setBudgetOwners(tx, action, ctx.membership, input))),
  createCategory: projectProcedure
    .input(zCategoryCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createCategory(tx, action, ctx.membership, input))),
  createSource: projectProcedure
    .input(zSourceCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createSource(tx, action, ctx.membership, input))),
  updateSource: projectProcedure
    .input(zSourceUpdateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateSource(tx, action, ctx.membership, input))),
  deleteSource: projectProcedure
    .input(zSourceDeleteInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => deleteSource(tx, action, ctx.membership, input))),

  createEstimate: projectProcedure
    .input(zEstimateCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => createEstimate(tx, action, ctx.membership, input))),
  updateEstimate: projectProcedure
    .input(zEstimateUpdateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateEstimate(tx, action, ctx.membership, input))),
  submitEstimate: projectProcedure
    .input(zEstimateSubmitInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => submitEstimate(tx, action, ctx.membership, input))),

  addLine: projectProcedure
    .input(zLineCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => addLine(tx, action, ctx.membership, input))),
  updateLine: projectProcedure
    .input(zLineUpdateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateLine(tx, action, ctx.membership, input))),
  deleteLine: projectProcedure
    .input(zLineDeleteInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => deleteLine(tx, action, ctx.membership, input))),

  // A mutation although it writes nothing: the file travels in the request body, not in a URL.
  importPreview: projectProcedure.input(zImportPreviewInput).mutation(({ ctx, input }) => previewImport(ctx.db, ctx.membership, input)),
  importCommit: projectProcedure
    .input(zImportCommitInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => commitImport(tx, action, ctx.membership, input))),

  recordDisbursement: projectProcedure
    .input(zDisbursementCreateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => recordDisbursement(tx, action, ctx.membership, input))),
  updateDisbursement: projectProcedure
    .input(zDisbursementUpdateInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => updateDisbursement(tx, action, ctx.membership, input))),
  deleteDisbursement: projectProcedure
    .input(zDisbursementDeleteInput)
    .mutation(({ ctx, input }) => ctx.mutate((tx, action) => deleteDisbursement(tx, action, ctx.membership, input))),
});

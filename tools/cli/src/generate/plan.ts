import { Month } from '@nhsp/domain';
import { DeflatorSeries, deflatorSeries } from './deflators';
import { applyRoles, buildModels, finishModels, TrustModel } from './model';
import { checkOptions, GenerateOptions, monthsBetween } from './options';
import { ReferenceData, ReferenceTrust } from './reference';
import { choosePlantedRoles, PlantedRoles, selectTrusts } from './selection';

/** Everything decided before a row is written: which trusts, which months, each trust's model. */
export interface GenerationPlan {
  options: GenerateOptions;
  reference: ReferenceData;
  deflators: DeflatorSeries;
  selected: ReferenceTrust[];
  models: Map<string, TrustModel>;
  roles: PlantedRoles;
  months: Month[];
}

export function planGeneration(options: GenerateOptions, reference: ReferenceData): GenerationPlan {
  const problem = checkOptions(options);
  if (problem) throw new Error(problem);
  const models = buildModels(options.seed, reference, options.monthRecordsTarget);
  const selected = selectTrusts(reference.trusts, options.trusts);
  const roles = choosePlantedRoles(options.seed, selected);
  applyRoles(models, roles, reference);
  finishModels(models.values());
  return {
    options,
    reference,
    deflators: deflatorSeries(reference),
    selected,
    models,
    roles,
    months: monthsBetween(options.from, options.to),
  };
}

export function modelOf(plan: GenerationPlan, trust: ReferenceTrust): TrustModel {
  return plan.models.get(trust.orgCode)!;
}

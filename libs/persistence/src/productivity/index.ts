import type { SchemaRegistration } from '../data-source';
import { CreateProductivity1795365600000 } from './migrations/1795365600000-CreateProductivity';
import { CreateBoardAnswers1795366829506 } from './migrations/1795366829506-CreateBoardAnswers';
import { DropIndicators1795390300000 } from './migrations/1795390300000-DropIndicators';
import { CreatePlanView1795400000000 } from './migrations/1795400000000-CreatePlanView';
import { RunInputsUncompressed1795420010000 } from './migrations/1795420010000-RunInputsUncompressed';
import { RunEntity } from './run.entity';

export { RunEntity };

export const productivitySchema: SchemaRegistration = {
  schema: 'productivity',
  entities: [RunEntity],
  migrations: [CreateProductivity1795365600000, CreateBoardAnswers1795366829506, DropIndicators1795390300000, CreatePlanView1795400000000, RunInputsUncompressed1795420010000],
};

import { UserFacingError } from '@/utils/errors';

export class TrainingDivergedError extends UserFacingError {
  override name = 'TrainingDiverged';
  constructor(metric: string, where: string) {
    super(
      `Training stopped: the ${metric} became NaN (not a number) or infinite ${where}.`,
      'The learning rate is most likely too high: try one 10× smaller. Also check the inputs for NaN or Infinity, and that features are scaled.',
    );
  }
}

export { CallbackError, KerasCallback, type TrainingTarget } from './base';
export { cosineAnnealing } from './cosine-annealing';
export { EarlyStopping } from './early-stopping';
export { getLearningRate, setLearningRate } from './learning-rate';
export { LearningRateScheduler } from './learning-rate-scheduler';
export { ModelCheckpoint } from './model-checkpoint';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau';
export { TerminateOnNaN } from './terminate-on-nan';

// The part of fsrs-rs's Node binding the optimizer uses. The binding's umbrella package
// (`@open-spaced-repetition/binding`) lists a native package per platform, and all but linux-x64-gnu lag several
// versions behind it, so npm cannot write a lock file that `npm ci` accepts with the umbrella installed. boksup
// therefore depends (optionally) on the one platform package that is current and declares its exports here,
// copied from the umbrella's generated `index.d.ts` (0.5.0).
declare module '@open-spaced-repetition/binding-linux-x64-gnu' {
  export class FSRSBinding {
    constructor(parameters?: number[]);
    evaluate(trainSet: FSRSBindingItem[]): ModelEvaluation;
  }
  export class FSRSBindingItem {
    constructor(reviews: FSRSBindingReview[]);
  }
  export class FSRSBindingReview {
    constructor(rating: number, deltaT: number);
  }
  export interface ComputeParametersOptions {
    enableShortTerm: boolean;
    numRelearningSteps?: number;
    progress?: (current: number, total: number) => boolean | undefined;
    timeout?: number;
  }
  export interface ModelEvaluation {
    logLoss: number;
    rmseBins: number;
  }
  export function computeParameters(
    trainSet: FSRSBindingItem[],
    options?: ComputeParametersOptions,
  ): Promise<number[]>;
}

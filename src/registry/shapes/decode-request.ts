import { decodeStructure, type DecodeOptions } from './decode.js';
import { INVOKE_SHAPE, OPERATION_SHAPES, type ApiOperation, type RequestOf } from './operation-shapes.js';

/** An operation's input decoded against its shape: the typed request, or Lambda's error. */
export function decodeRequest<O extends ApiOperation>(operation: O, input: unknown, options: DecodeOptions = {}): RequestOf<O> {
  // The decoder has checked every member the request type declares against its shape.
  return decodeStructure(OPERATION_SHAPES[operation], input, options) as RequestOf<O>;
}

/** Invoke's members besides the payload, as INVOKE_SHAPE describes them. */
export interface InvokeInput {
  readonly FunctionName: string;
  readonly InvocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  readonly LogType?: 'None' | 'Tail';
  readonly ClientContext?: string;
  readonly Qualifier?: string;
}

export function decodeInvoke(input: unknown, options: DecodeOptions = {}): InvokeInput {
  // The decoder has checked each member, enums included, against INVOKE_SHAPE.
  return decodeStructure(INVOKE_SHAPE, input, options) as unknown as InvokeInput;
}

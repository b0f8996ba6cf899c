/** The code and message of what `run` throws (an LsimError, or anything shaped like one); fails when it does not throw. */
export async function failure(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected a failure');
}

/** `failure` for code that throws synchronously, so a test need not await it. */
export function syncFailure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected a failure');
}

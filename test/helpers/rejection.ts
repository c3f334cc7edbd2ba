import { isSitewrightError, type SitewrightError } from "../../src/errors.js";

/** Awaits `promise`, expects it to reject with a SitewrightError and returns it; other errors are rethrown. */
export async function rejection(promise: Promise<unknown>): Promise<SitewrightError> {
  try {
    await promise;
  } catch (err) {
    if (isSitewrightError(err)) return err;
    throw err;
  }
  throw new Error("expected the promise to reject");
}

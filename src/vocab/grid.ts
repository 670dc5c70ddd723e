/** Words of the grid diagnostics API that meshscope's client and its mock both use. */

/** The profile types of the diagnostics API, in the order its documentation lists them. */
export const PROFILE_TYPES = ['cpu', 'allocs', 'heap', 'goroutine', 'block', 'mutex', 'threadcreate'] as const;
export type ProfileType = (typeof PROFILE_TYPES)[number];

/**
 * The scheduler: jobs and their results, {@code RunAll} with its sequential and structured
 * concurrent paths, the limits on concurrency (adaptive, memory), the retry policy around a solver
 * ({@code Retrying}), the budget, fail-fast, stopping, and the journal every finished result goes
 * to. It knows jobs and results, never an agent: {@code Solver} is the seam. The only package that
 * uses the preview API ({@code StructuredTaskScope}).
 *
 * <p>May use {@code suite} and {@code util}.
 */
package org.reposearcheval.evals.run;

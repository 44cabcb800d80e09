/**
 * The orchestration: an evaluation from plan to report. {@code Evaluation} loads the suite, checks
 * the setup ({@code Preflight}), plans the jobs (fresh or resumed from the journal, {@code
 * Resumption}), hands them to the scheduler with the agent's solver, and assembles the report;
 * {@code ShardMerge} joins shards; {@code RunManifest} is run.json.
 *
 * <p>May use every package below; none of them uses this one.
 */
package org.reposearcheval.evals;

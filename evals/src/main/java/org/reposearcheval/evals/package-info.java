/**
 * The orchestration: an evaluation from plan to report. {@code EvalSettings} is everything a run
 * needs, one record of small parts; {@code Evaluation} checks the setup ({@code Preflight}: the
 * suite, the repository, the agent), makes one {@code Plan} (the jobs, what a resumed run keeps
 * from its journal, what is left to run), hands the jobs to the scheduler with the agent's solver,
 * and writes the report ({@code RunReport}); {@code ShardMerge} joins shards; {@code RunManifest}
 * is run.json, the settings as recorded.
 *
 * <p>May use every package below; none of them uses this one.
 */
package org.reposearcheval.evals;

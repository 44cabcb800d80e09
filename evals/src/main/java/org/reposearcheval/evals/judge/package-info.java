/**
 * Answers graded by a model: a judge is an agent CLI the harness runs like an arm's (private home,
 * timeout, retries, tree kill, cost and tokens), with no tools, no MCP server and no repository,
 * blind to which arm answered. {@link org.reposearcheval.evals.judge.JudgingSolver} grades each
 * answer as soon as it exists; {@link org.reposearcheval.evals.judge.Judge} asks the judge K times
 * and takes the majority; {@link org.reposearcheval.evals.judge.JudgeCache} keeps every vote so the
 * same answer is never paid for twice.
 */
package org.reposearcheval.evals.judge;

/**
 * Everything that knows an agent CLI exists: the {@code AgentCli} seam and one package per agent
 * ({@code claude}, {@code codex}, {@code gemini}, {@code opencode}, {@code auggie}) with its flags,
 * MCP translation and stream reader; the process and its whole tree, private config homes and the
 * login carried back, the read-only workspace, and the verdict of one run. {@code AgentSolver} is
 * the {@code Solver} of one attempt, the same for every agent; retrying it is {@code run}'s policy.
 *
 * <p>May use {@code run}, {@code suite}, {@code score} (the scorer) and {@code util}; never {@code
 * report}.
 */
package org.reposearcheval.evals.agent;

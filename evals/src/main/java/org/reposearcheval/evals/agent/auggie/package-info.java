/**
 * The Augment CLI ({@code auggie}) as an agent: its command line and private home ({@link
 * org.reposearcheval.evals.agent.auggie.AugmentCli}), its MCP config and tool names, and the reader
 * of its startup lines, JSON result and saved session.
 */
package org.reposearcheval.evals.agent.auggie;

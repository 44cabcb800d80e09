/**
 * What to ask: the cases and their expectations, MCP configs, the arms and named variants, shards;
 * loading and validating them (the {@code validate} command needs nothing else).
 *
 * <p>May use {@code util} only.
 */
package org.reposearcheval.evals.suite;

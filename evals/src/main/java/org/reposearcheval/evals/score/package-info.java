/**
 * Pure functions of results: the scorer (does an answer meet its expectations), the summaries per
 * arm and case, pass@k, the paired statistics with their tests and the findings that say them in
 * words, MCP adoption, and the numbers as every format writes them.
 *
 * <p>May use {@code run}, {@code suite} and {@code util}; never {@code agent} or {@code report}.
 */
package org.reposearcheval.evals.score;

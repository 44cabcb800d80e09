/**
 * The log of an evaluation: the {@code Report} model and its formats (report.json, report.md,
 * report.html, junit.xml; report.html's markup is in the jte templates of {@code
 * src/main/jte/report}), reading and re-rendering a run directory, and {@code compare} between two
 * reports.
 *
 * <p>May use {@code score}, {@code run}, {@code suite} and {@code util}; never {@code agent}.
 */
package org.reposearcheval.evals.report;

package org.reposearcheval.evals.process;

import java.time.Duration;

/** How long an agent may run and how much it may print before it is stopped. */
public record Limits(Duration timeout, long maxOutputBytes) {}

/**
 * Helpers every package may use: the one JSON mapper, durations, secret masking, file trees, the
 * atomic write of a whole file, and the error that names a bad input's file and field.
 *
 * <p>Uses nothing else of the project.
 */
package org.reposearcheval.evals.util;

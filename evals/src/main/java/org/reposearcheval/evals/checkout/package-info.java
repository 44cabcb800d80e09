/**
 * The trees the cases ask about: a cached clone per repository ({@link RepoCache}, shared by
 * harness processes under a file lock), a checkout per repository and commit for one evaluation
 * ({@link Checkouts}: made before the first agent, watched for changes, removed at the end or by
 * the next harness after a crash), and the proof that every answer key is true of its tree ({@link
 * AnswerKeys}). Uses {@code suite} and {@code util} only; git runs as a child process ({@link
 * Git}).
 */
package org.reposearcheval.evals.checkout;

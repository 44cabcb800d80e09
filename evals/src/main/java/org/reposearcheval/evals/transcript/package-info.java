/**
 * The transcript pages: one self-contained HTML page per run (the prompt, every turn with its tool
 * calls and their results, the answer, the expectations, the numbers) and one per case with the
 * arms side by side, turn by turn, rendered from the precompiled jte templates in {@code
 * src/main/jte/transcript}; and {@code Prompts}, the cases' prompts and expectations a run
 * directory keeps for them.
 *
 * <p>May use {@code run}, {@code suite}, {@code score} and {@code util}; never {@code agent},
 * {@code report} or the root: it reads transcripts as files, not through the agent's parser.
 */
package org.reposearcheval.evals.transcript;

package org.reposearcheval.cmd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The command lines README.md and docs/*.md show, in code blocks and inline: each with where it is,
 * the program ({@code repo-search-eval} or {@code cmd/bench/overhead}) and its arguments as a shell
 * would split them. Comments, redirections and the end of a {@code <(…)} are cut off; a line ending
 * in {@code \} goes on on the next.
 */
final class DocCommandLines {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
  private static final Pattern FENCE = Pattern.compile("^\\s*```");

  record CommandLine(String where, String program, List<String> args) {
    @Override
    public String toString() {
      return where + ": " + program + " " + String.join(" ", args);
    }
  }

  /** A fenced block: where it starts, and its lines with continuations joined. */
  record Block(String where, List<String> lines) {}

  private DocCommandLines() {}

  static List<Path> docs() {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> listing = Files.list(ROOT.resolve("docs"))) {
      listing.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static List<String> lines(Path doc) {
    try {
      return Files.readAllLines(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced code block of every doc. */
  static List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    for (Path doc : docs()) {
      List<String> lines = lines(doc);
      for (int i = 0; i < lines.size(); i++) {
        if (!FENCE.matcher(lines.get(i)).find()) {
          continue;
        }
        int start = i;
        List<String> body = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).find(); i++) {
          String line = lines.get(i);
          if (line.endsWith("\\")) {
            pending.append(line, 0, line.length() - 1).append(' ');
          } else {
            body.add(pending + line);
            pending.setLength(0);
          }
        }
        blocks.add(new Block(ROOT.relativize(doc) + ":" + (start + 1), body));
      }
    }
    return blocks;
  }

  /** Every command line of {@code program} in the docs, in code blocks and in inline code. */
  static List<CommandLine> of(String program) {
    List<CommandLine> found = new ArrayList<>();
    for (Block block : blocks()) {
      for (String line : block.lines()) {
        find(block.where(), program, line, found);
      }
    }
    for (Path doc : docs()) {
      List<String> lines = lines(doc);
      boolean fenced = false;
      for (int i = 0; i < lines.size(); i++) {
        if (FENCE.matcher(lines.get(i)).find()) {
          fenced = !fenced;
        } else if (!fenced) {
          Matcher code = INLINE.matcher(lines.get(i));
          while (code.find()) {
            find(ROOT.relativize(doc) + ":" + (i + 1), program, code.group(1), found);
          }
        }
      }
    }
    return found;
  }

  private static void find(String where, String program, String text, List<CommandLine> found) {
    Matcher m =
        Pattern.compile("(?:^|[\\s(/$])" + Pattern.quote(program) + "(?=\\s|$)").matcher(text);
    while (m.find()) {
      String rest = text.substring(m.end());
      found.add(new CommandLine(where, program, split(cut(rest))));
    }
  }

  /** The arguments only: up to a comment, a pipe, a redirection, the end of {@code <(…)}. */
  private static String cut(String rest) {
    StringBuilder kept = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      boolean wordStart = i == 0 || Character.isWhitespace(rest.charAt(i - 1));
      // A '<' or '>' inside a word is a placeholder's bracket, as in eval-results/<timestamp>.
      boolean redirect = wordStart && (c == '>' || c == '<');
      if (quote == 0 && (c == '#' || c == '|' || c == ')' || c == ';' || c == '&' || redirect)) {
        break;
      }
      if (c == '"' || c == '\'') {
        quote = quote == 0 ? c : quote == c ? 0 : quote;
      }
      kept.append(c);
    }
    return kept.toString();
  }

  /** Words as a shell splits them, quotes removed. */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}

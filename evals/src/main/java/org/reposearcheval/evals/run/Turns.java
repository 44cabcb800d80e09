package org.reposearcheval.evals.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run's conversation turn by turn, the same for every agent: each adapter reads it from its own
 * CLI's output and the harness keeps it beside the transcript, {@code <case>-<run>.turns.jsonl},
 * where the transcript pages read it. A turn is one model call that answered: the text it wrote and
 * the tool calls it asked for, each with its arguments and its result. Claude Code's own transcript
 * already has this shape and is read as it is.
 *
 * <p>The file: a first line {@code {"type":"run","agent","model","version","mcp_servers":[{name,
 * status}]}}, then one line per turn, {@code {"type":"turn","steps":[…]}}, each step {@code
 * {"type":"text","text"}} or {@code {"type":"tool_call","server","tool","arguments","result",
 * "error"}} ({@code server} null for a built-in tool, {@code result} null when none came). Texts
 * longer than {@link #MAX_CHARS} are cut, their length kept in {@code <field>_chars}.
 *
 * @param model null when neither the CLI nor the arm named one
 * @param version null when the CLI did not say
 */
public record Turns(
    String agent, String model, String version, List<Server> servers, List<Turn> turns) {
  /** Texts are kept up to this many characters. */
  public static final int MAX_CHARS = 16 << 10;

  public Turns {
    servers = List.copyOf(servers);
    turns = List.copyOf(turns);
  }

  /** A server the run had, and its status at start. */
  public record Server(String name, String status) {}

  /** One model call that answered. */
  public record Turn(List<Step> steps) {
    public Turn {
      steps = List.copyOf(steps);
    }
  }

  /** Text the model wrote, or a tool call it made. */
  public sealed interface Step permits Text, ToolCall {}

  public record Text(String text) implements Step {}

  /**
   * A tool call.
   *
   * @param server the MCP server, null for a built-in tool
   * @param arguments as JSON
   * @param result null when no result came (the run ended first)
   */
  public record ToolCall(String server, String tool, String arguments, String result, boolean error)
      implements Step {}

  /** Where the turns of {@code transcript} are kept: {@code x.jsonl} → {@code x.turns.jsonl}. */
  public static Path fileOf(Path transcript) {
    String name = transcript.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return transcript.resolveSibling(base + ".turns.jsonl");
  }

  /** Writes the file {@link #fileOf} names for {@code transcript}. */
  public void writeBeside(Path transcript) throws IOException {
    try (Writer out = Files.newBufferedWriter(fileOf(transcript))) {
      ObjectNode run = Json.MAPPER.createObjectNode();
      run.put("type", "run");
      run.put("agent", agent);
      run.put("model", model);
      run.put("version", version);
      var list = run.putArray("mcp_servers");
      servers.forEach(s -> list.addObject().put("name", s.name()).put("status", s.status()));
      line(out, run);
      for (Turn turn : turns) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("type", "turn");
        var steps = line.putArray("steps");
        for (Step step : turn.steps()) {
          ObjectNode node = steps.addObject();
          switch (step) {
            case Text text -> {
              node.put("type", "text");
              cut(node, "text", text.text());
            }
            case ToolCall call -> {
              node.put("type", "tool_call");
              node.put("server", call.server());
              node.put("tool", call.tool());
              cut(node, "arguments", call.arguments());
              cut(node, "result", call.result());
              node.put("error", call.error());
            }
          }
        }
        line(out, line);
      }
    }
  }

  private static void cut(ObjectNode node, String field, String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      node.put(field, text);
      return;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    node.put(field, text.substring(0, end));
    node.put(field + "_chars", text.length());
  }

  private static void line(Writer out, ObjectNode node) throws IOException {
    out.write(Json.COMPACT.writeValueAsString(node));
    out.write('\n');
  }

  /**
   * Gathers turns as an adapter reads its CLI's events: a turn begins with {@link #turn()}, or, for
   * a CLI that does not mark its model calls, with {@link #step()}, which begins one when the
   * current turn's tool calls all have their results.
   */
  public static final class Builder {
    private final List<List<Object>> turns = new ArrayList<>();
    private final List<Call> open = new ArrayList<>();

    private static final class Call {
      final String id;
      final String server;
      final String tool;
      final String arguments;
      String result;
      boolean error;
      boolean answered;

      Call(String id, String server, String tool, String arguments) {
        this.id = id;
        this.server = server;
        this.tool = tool;
        this.arguments = arguments;
      }
    }

    /** Begins a turn. */
    public Builder turn() {
      turns.add(new ArrayList<>());
      return this;
    }

    /**
     * Before a step of a CLI that does not mark model calls: begins a turn when there is none or
     * the current one made tool calls and every one of them has its result.
     */
    public Builder step() {
      if (turns.isEmpty()) {
        return turn();
      }
      List<Object> current = turns.getLast();
      boolean called = current.stream().anyMatch(Call.class::isInstance);
      boolean allAnswered =
          current.stream().filter(Call.class::isInstance).allMatch(c -> ((Call) c).answered);
      return called && allAnswered ? turn() : this;
    }

    /** Text the model wrote; appended to the text just before it, as streamed deltas are. */
    public Builder text(String text, boolean appendToLast) {
      if (text == null || text.isEmpty()) {
        return this;
      }
      if (turns.isEmpty()) {
        turn();
      }
      List<Object> current = turns.getLast();
      if (appendToLast && !current.isEmpty() && current.getLast() instanceof StringBuilder last) {
        last.append(text);
      } else {
        current.add(new StringBuilder(text));
      }
      return this;
    }

    /** A tool call; {@code server} null for a built-in tool. */
    public Builder call(String id, String server, String tool, String arguments) {
      if (turns.isEmpty()) {
        turn();
      }
      Call call = new Call(id, server, tool, arguments);
      turns.getLast().add(call);
      open.add(call);
      return this;
    }

    /** The result of the call {@code id}; the first unanswered call if none has that id. */
    public Builder result(String id, String result, boolean error) {
      Call call =
          open.stream()
              .filter(c -> c.id != null && c.id.equals(id))
              .findFirst()
              .orElse(open.isEmpty() || id != null ? null : open.getFirst());
      if (call != null) {
        open.remove(call);
        call.result = result;
        call.error = error;
        call.answered = true;
      }
      return this;
    }

    /** A call and its result at once, as a CLI that reports finished calls only prints them. */
    public Builder finished(
        String server, String tool, String arguments, String result, boolean error) {
      call(null, server, tool, arguments);
      Call call = open.removeLast();
      call.result = result;
      call.error = error;
      call.answered = true;
      return this;
    }

    /** How many turns so far. */
    public int size() {
      return turns.size();
    }

    /** The turns; a last turn with nothing in it (a model call that failed) is left out. */
    public List<Turn> build() {
      List<Turn> done = new ArrayList<>();
      for (int i = 0; i < turns.size(); i++) {
        List<Object> steps = turns.get(i);
        if (steps.isEmpty() && i == turns.size() - 1) {
          break;
        }
        done.add(new Turn(steps.stream().map(Builder::step).toList()));
      }
      return done;
    }

    private static Step step(Object step) {
      return switch (step) {
        case StringBuilder text -> new Text(text.toString());
        case Call c -> new ToolCall(c.server, c.tool, c.arguments, c.result, c.error);
        default -> throw new IllegalStateException(String.valueOf(step));
      };
    }
  }
}

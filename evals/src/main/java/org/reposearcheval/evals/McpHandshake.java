package org.reposearcheval.evals;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reposearcheval.evals.process.MarkedProcesses;
import org.reposearcheval.evals.process.ProcessTree;
import org.reposearcheval.evals.suite.Fingerprint;
import org.reposearcheval.evals.suite.McpConfig;
import org.reposearcheval.evals.suite.ServerManifest;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Json;
import org.reposearcheval.evals.util.Secrets;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The harness asks each MCP server of an arm itself, once, before any agent starts: it connects
 * with the MCP Java SDK's own transports (stdio, streamable HTTP, SSE), sends {@code initialize}
 * and {@code tools/list}, and records what the server says it is and offers ({@link
 * ServerManifest}). A stdio server runs in the repository with the harness's environment, the arm's
 * and its own {@code env}, and a run marker ({@link MarkedProcesses}): a server that exits before
 * it answers fails at once with the tail of its stderr (kept in a file), not at the SDK's request
 * timeout, and the server and everything it started are stopped afterwards, answered or not.
 */
public final class McpHandshake {
  /** How long one server may take to answer {@code initialize} and {@code tools/list}. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** So much of a failed server's stderr is shown. */
  static final int STDERR_TAIL = 2000;

  /** How long a started stdio server may stay unseen in {@code /proc} before it counts as gone. */
  private static final Duration UNSEEN = Duration.ofMillis(500);

  private static final JsonMapper SORTED =
      Json.COMPACT.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private McpHandshake() {}

  /**
   * Asks every server of {@code config} but those with a {@code prepare} step (they answer from a
   * prepared checkout, which does not exist yet), one after the other, {@code ${REPO}} and {@code
   * ${CASE_ID}} filled from {@code placeholders} and other {@code ${VAR}}s from {@code
   * environment}; the first that does not answer is an {@link InvalidInputException} naming it,
   * with its own error.
   */
  static List<ServerManifest> check(
      McpConfig config, Map<String, String> placeholders, Map<String, String> environment, Path dir)
      throws IOException {
    List<ServerManifest> servers = new ArrayList<>();
    for (McpConfig.Server server : config.servers()) {
      if (server.prepare() == null) {
        servers.add(ask(server.filled(placeholders, environment), environment, dir));
      }
    }
    return servers;
  }

  private static ServerManifest ask(
      McpConfig.Server server, Map<String, String> environment, Path dir) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(server.env());
    Secrets secrets = Secrets.fromEnvironment(env).with(server.headers().values());
    Path stderr = Files.createTempFile("repo-search-eval-mcp-", ".stderr");
    String marker = server.local() ? MarkedProcesses.newMarker() : null;
    McpClientTransport transport;
    McpTransports.Started started = new McpTransports.Started();
    if (server.local()) {
      env.put(ProcessTree.RUN_MARKER, marker);
      transport = new McpTransports.InRepository(server, env, dir, stderr, started);
    } else {
      transport = McpTransports.http(server, TIMEOUT);
    }
    McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(TIMEOUT)
            .initializationTimeout(TIMEOUT)
            .clientInfo(new McpSchema.Implementation("repo-search-eval", "handshake"))
            .build();
    long start = System.nanoTime();
    CompletableFuture<ServerManifest> answer = new CompletableFuture<>();
    Thread asking =
        Thread.ofPlatform()
            .daemon()
            .name("mcp-handshake-" + server.name())
            .start(
                () -> {
                  try {
                    McpSchema.InitializeResult init = client.initialize();
                    long startMs = (System.nanoTime() - start) / 1_000_000;
                    answer.complete(manifest(server, init, client.listTools().tools(), startMs));
                  } catch (Throwable e) {
                    answer.completeExceptionally(e);
                  }
                });
    try {
      return await(server, answer, marker, started, start);
    } catch (Failed e) {
      throw new InvalidInputException(
          "MCP server "
              + server.name()
              + " ("
              + (server.local() ? server.command() : server.url())
              + ") "
              + secrets.mask(e.getMessage())
              + (server.local() ? tail(stderr, secrets) : ""));
    } finally {
      // The SDK ends the session first (stdin closed, the server asked to end, bounded), then
      // whatever still carries the marker is stopped: a helper in a session of its own, say.
      try {
        client.closeGracefully();
      } catch (RuntimeException e) {
        // What the client says about an ending server no longer matters: it is stopped below.
      }
      if (marker != null) {
        MarkedProcesses.stop(marker);
      }
      asking.interrupt();
      Files.deleteIfExists(stderr);
    }
  }

  /** Why a server did not answer, in words. */
  private static final class Failed extends Exception {
    Failed(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * The answer, waited for in short steps: a stdio server that is no longer alive fails at once.
   * Bounded by {@link #TIMEOUT} and a second beyond it.
   */
  private static ServerManifest await(
      McpConfig.Server server,
      CompletableFuture<ServerManifest> answer,
      String marker,
      McpTransports.Started started,
      long start)
      throws Failed, InterruptedIOException {
    long deadline = start + TIMEOUT.plusSeconds(1).toNanos();
    while (true) {
      try {
        return answer.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new Failed(
              "did not answer initialize and tools/list within " + TIMEOUT.toSeconds() + " s");
        }
        if (marker != null && gone(marker, started)) {
          // Its last answer may have come as it exited.
          ServerManifest last = answer.getNow(null);
          if (last != null) {
            return last;
          }
          throw new Failed("exited before it answered initialize");
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (marker != null && gone(marker, started)) {
          throw new Failed("exited before it answered initialize");
        }
        throw new Failed("did not answer: " + message(cause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while asking MCP server " + server.name());
      }
    }
  }

  /**
   * True when the server was started a while ago and no process of it is alive; never where
   * processes cannot be seen by their marker (not Linux): there the SDK's timeout ends the wait.
   */
  private static boolean gone(String marker, McpTransports.Started started) {
    long at = started.at;
    return at != 0
        && MarkedProcesses.seen()
        && System.nanoTime() - at > UNSEEN.toNanos()
        && MarkedProcesses.alive(marker).isEmpty();
  }

  /**
   * What went wrong in words: the SDK's own message and, beneath it, the first cause (the one a
   * user can act on: a refused connection, an unknown host, an HTTP status).
   */
  private static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root instanceof java.net.ConnectException) {
        // Its own cause is the JDK's detail (a closed channel), not the reason.
        return text(e) + ": connection refused";
      }
    }
    return root == e ? text(e) : text(e) + ": " + text(root);
  }

  private static String text(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** {@code ; its stderr:} and its last lines, masked, or that it wrote nothing there. */
  private static String tail(Path stderr, Secrets secrets) {
    // tee may still be writing what a server that failed at once said: a second at most.
    String text = "";
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (text.isEmpty() && System.nanoTime() < until) {
      try {
        text = Files.readString(stderr, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
          Thread.sleep(20);
        }
      } catch (IOException e) {
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (text.isEmpty()) {
      return "; it wrote nothing on stderr";
    }
    String tail =
        text.length() > STDERR_TAIL ? "…" + text.substring(text.length() - STDERR_TAIL) : text;
    return "; its stderr:\n" + secrets.mask(tail);
  }

  private static ServerManifest manifest(
      McpConfig.Server server,
      McpSchema.InitializeResult init,
      List<McpSchema.Tool> tools,
      long ms) {
    McpSchema.Implementation info = init.serverInfo();
    return new ServerManifest(
        server.name(),
        server.local() ? "stdio" : server.type().equals("sse") ? "sse" : "http",
        info == null ? null : info.name(),
        info == null ? null : info.version(),
        ms,
        tools.stream()
            .map(t -> new ServerManifest.Tool(t.name(), schemaHash(t.inputSchema())))
            .toList());
  }

  /** {@code sha256:} over the schema as compact JSON with its keys sorted. */
  static String schemaHash(Object schema) {
    return "sha256:" + Fingerprint.of(SORTED.writeValueAsBytes(schema)).hex();
  }
}

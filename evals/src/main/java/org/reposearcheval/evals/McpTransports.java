package org.reposearcheval.evals;

import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reposearcheval.evals.suite.McpConfig;

/**
 * The MCP Java SDK's transports as {@link McpHandshake} uses them: its streamable HTTP and SSE
 * transports for a remote server, and its stdio transport for a local one, started in the
 * repository with exactly the environment the harness gives it.
 */
final class McpTransports {
  private McpTransports() {}

  static McpClientTransport http(McpConfig.Server server, Duration timeout) {
    URI uri = URI.create(server.url());
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    HttpRequest.Builder headers = HttpRequest.newBuilder();
    server.headers().forEach(headers::header);
    if (server.type().equals("sse")) {
      return HttpClientSseClientTransport.builder(base)
          .sseEndpoint(path)
          .requestBuilder(headers)
          .connectTimeout(timeout)
          .build();
    }
    return HttpClientStreamableHttpTransport.builder(base)
        .endpoint(path)
        .requestBuilder(headers)
        .connectTimeout(timeout)
        .build();
  }

  /** When the SDK asked for the server's process to be made (0: not yet). */
  static final class Started {
    volatile long at;
  }

  /**
   * The SDK's stdio transport as it is, but for the process it starts: in {@code dir}, with exactly
   * {@code environment} (the SDK adds its own few inherited variables and the server's {@code env}
   * on top), and its stderr copied to the file {@code stderr} as the SDK reads it.
   *
   * <p>Measured with SDK 2.2.0: the SDK hands on no stderr line of a server that exits at once, and
   * a server whose stderr ends at once (redirected to a file) gets no response read at all. So the
   * server's stderr stays a pipe to the SDK and {@code tee} keeps a copy: {@code bash} execs the
   * server itself with {@code 2> >(tee /dev/fd/2 >> FILE)}, the file written first and a closed
   * pipe ignored (the SDK stops reading once the server has exited); {@code tee} carries the run
   * marker too and ends when the server does.
   */
  static final class InRepository extends StdioClientTransport {
    private final Map<String, String> environment;
    private final Path dir;
    private final Started started;

    InRepository(
        McpConfig.Server server,
        Map<String, String> environment,
        Path dir,
        Path stderr,
        Started started) {
      super(
          ServerParameters.builder("bash").args(teeStderr(server, stderr)).env(environment).build(),
          McpJsonDefaults.getMapper());
      this.environment = environment;
      this.dir = dir;
      this.started = started;
    }

    private static List<String> teeStderr(McpConfig.Server server, Path stderr) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-c",
                  "f=$1; shift; exec \"$@\" 2> >(trap '' PIPE; tee /dev/fd/2 >> \"$f\")",
                  server.name(),
                  stderr.toString()));
      args.add(server.command());
      args.addAll(server.args());
      return args;
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
      ProcessBuilder builder = new ProcessBuilder().directory(dir.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      started.at = System.nanoTime();
      return builder;
    }
  }
}

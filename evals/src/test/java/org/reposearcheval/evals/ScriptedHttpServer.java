package org.reposearcheval.evals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every scripted stand-in of a model API shares: an HTTP server on 127.0.0.1 on a port of its
 * own, each request handled on a virtual thread, a failing script answered with a 500 and kept for
 * the test to report ({@link #failures()}) instead of killing the server, and closing, which also
 * releases every answer held back ({@link #awaitClose()}), the request bodies the script saw
 * ({@link #requests()}), and the writing of a reply: a body ({@link #send}), server-sent event
 * frames ({@link #frame}), ids and token estimates. Each protocol — the Messages API, the Responses
 * API, the Gemini API, the Augment backend — is a subclass that routes a request.
 */
public abstract class ScriptedHttpServer implements AutoCloseable {
  /** Bounds an answer held back: a test that forgets to close the stand-in leaks no thread. */
  private static final Duration HANG_LIMIT = Duration.ofMinutes(10);

  // Compact output: pretty-printed JSON would break the one-line "data:" of an SSE frame.
  static final JsonMapper MAPPER = JsonMapper.shared();
  static final String JSON = "application/json";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final Script script;

  /** Decides the {@link Reply} to one request; called concurrently if the CLI overlaps requests. */
  @FunctionalInterface
  public interface Script {
    Reply reply(JsonNode request);
  }

  /** Serving at once; nobody knows the port before the subclass's constructor has returned. */
  ScriptedHttpServer(Script script) {
    this.script = script;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers one request; an {@link IOException} means the client hung up. */
  abstract void route(HttpExchange exchange) throws IOException;

  /**
   * Answers with a 500 saying, in the protocol's own form, that the stand-in failed with {@code e}.
   */
  abstract void sendFailure(HttpExchange exchange, Throwable e) throws IOException;

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** What went wrong while answering: script exceptions, unreadable bodies. */
  public List<Throwable> failures() {
    return List.copyOf(failures);
  }

  /** Every request body handed to the script so far, in the order they arrived. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  /** Keeps {@code request} for {@link #requests()} and asks the script for its answer. */
  Reply reply(JsonNode request) {
    requests.add(request);
    return script.reply(request);
  }

  /** Stops serving and releases every answer held back; closing it again does nothing. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  /** Holds an answer back until the stand-in is closed: the run stays in flight meanwhile. */
  void awaitClose() {
    try {
      closed.await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // Closing shuts the handlers down: the exchange ends unanswered.
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        route(exchange);
      } catch (IOException e) {
        // The client hung up mid-exchange (killed at a timeout, say): nobody is left to tell.
      } catch (Exception | AssertionError e) {
        failures.add(e);
        // Headers go out only once a whole response is built, so a 500 can still be sent.
        sendFailure(exchange, e);
      }
    } catch (IOException e) {
      // As above: the 500 itself found no listener.
    }
  }

  static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Sends {@code error} as JSON {@code body}, with the error's headers. */
  static void send(HttpExchange exchange, Reply.Error error, String body) throws IOException {
    error.headers().forEach(exchange.getResponseHeaders()::set);
    send(exchange, error.status(), JSON, body);
  }

  /** An SSE frame is named after its data's type: {@code event: NAME\ndata: JSON\n\n}. */
  static void frame(StringBuilder sse, ObjectNode data) {
    sse.append("event: ").append(data.path("type").asString()).append('\n');
    sse.append("data: ").append(MAPPER.writeValueAsString(data)).append("\n\n");
  }

  static String newId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  /** About four bytes a token: enough for a CLI's usage and cost bookkeeping. */
  static int estimateTokens(int bytes) {
    return Math.max(1, bytes / 4);
  }
}

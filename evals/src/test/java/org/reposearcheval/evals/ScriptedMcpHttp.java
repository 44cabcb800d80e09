package org.reposearcheval.evals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * A scripted MCP server over HTTP, in the test's JVM (the JDK's own HTTP server): it answers {@code
 * initialize} as {@code scripted-http-server 2.0.1} and {@code tools/list} with one tool, {@code
 * search}, over streamable HTTP at {@code /mcp} (each answer the POST's JSON body) or over SSE at
 * {@code /sse} (the endpoint event, then each answer as a {@code message} event on the stream). It
 * remembers the methods asked and the {@code Authorization} header each request carried.
 */
final class ScriptedMcpHttp implements AutoCloseable {
  /** The tool's input schema as served, its keys in no sorted order. */
  static final String SCHEMA =
      "{\"type\":\"object\",\"required\":[\"query\"],\"properties\":{\"query\":{\"type\":\"string\"}}}";

  final List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<String> authorization = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, OutputStream> streams = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  ScriptedMcpHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/mcp", this::streamable);
    server.createContext("/sse", this::sse);
    server.createContext("/message", this::message);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void streamable(HttpExchange exchange) throws IOException {
    authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    if (!exchange.getRequestMethod().equals("POST")) {
      // No stream of server-sent messages here, and nothing to end on DELETE.
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    String answer = answer(Json.STRICT.readTree(exchange.getRequestBody().readAllBytes()));
    if (answer == null) {
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
      return;
    }
    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("Mcp-Session-Id", "s1");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void sse(HttpExchange exchange) throws IOException {
    authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    String session = "s" + streams.size();
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    streams.put(session, out);
    event(out, "endpoint", "/message?sessionId=" + session);
    try {
      // The stream stays open until the client goes or the server closes: bounded either way.
      closed.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private void message(HttpExchange exchange) throws IOException {
    authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    String session = exchange.getRequestURI().getQuery().replace("sessionId=", "");
    String answer = answer(Json.STRICT.readTree(exchange.getRequestBody().readAllBytes()));
    OutputStream stream = streams.get(session);
    if (answer != null && stream != null) {
      event(stream, "message", answer);
    }
    exchange.sendResponseHeaders(stream == null ? 404 : 202, -1);
    exchange.close();
  }

  private static void event(OutputStream out, String name, String data) throws IOException {
    synchronized (out) {
      out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** The JSON-RPC answer to {@code request}, or null for a notification. */
  private String answer(JsonNode request) {
    String method = request.path("method").asString();
    methods.add(method);
    if (!request.has("id")) {
      return null;
    }
    String id = request.get("id").toString();
    String result =
        switch (method) {
          case "initialize" ->
              "{\"protocolVersion\":"
                  + request.path("params").path("protocolVersion")
                  + ",\"capabilities\":{\"tools\":{}},"
                  + "\"serverInfo\":{\"name\":\"scripted-http-server\",\"version\":\"2.0.1\"}}";
          case "tools/list" ->
              "{\"tools\":[{\"name\":\"search\",\"description\":\"Searches.\",\"inputSchema\":"
                  + SCHEMA
                  + "}]}";
          default -> "{}";
        };
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}

package org.reposearcheval.evals;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@link ScriptedMessagesApi} as a process of its own, for {@code cmd/bench/overhead}: it answers
 * every request with one text block ({@code ok}, or the first argument), prints its base URL on a
 * line, and serves until its standard input closes.
 */
final class ScriptedApiServer {
  private ScriptedApiServer() {}

  public static void main(String[] args) throws IOException {
    String answer = args.length > 0 ? args[0] : "ok";
    try (ScriptedMessagesApi api = ScriptedMessagesApi.start(request -> new Reply.Text(answer))) {
      System.out.println(api.baseUrl());
      System.out.flush();
      System.in.transferTo(OutputStream.nullOutputStream());
    }
  }
}

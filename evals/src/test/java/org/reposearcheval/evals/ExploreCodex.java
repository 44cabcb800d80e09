package org.reposearcheval.evals;

import java.nio.file.*;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

final class ExploreCodex {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path log = Path.of(args[1]);
    try (ScriptedResponsesApi api = ScriptedResponsesApi.start(request -> {
      try { Files.writeString(log, JsonMapper.shared().writeValueAsString(request) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND); } catch (Exception e) { throw new RuntimeException(e); }
      var tools = ScriptedResponsesApi.offeredToolNames(request);
      if (mode.equals("429")) return new ScriptedResponsesApi.Reply.Error(429, "Rate limited");
      if (mode.matches("\\d+")) return new ScriptedResponsesApi.Reply.Error(Integer.parseInt(mode), "boom " + mode);
      if (mode.equals("hang")) return new ScriptedResponsesApi.Reply.Hang();
      if (ScriptedResponsesApi.endsWithToolOutput(request)) return new ScriptedResponsesApi.Reply.Text("ANSWER: " + ScriptedResponsesApi.lastToolOutput(request));
      var in = JsonNodeFactory.instance.objectNode();
      String mcp = tools.stream().filter(t -> t.endsWith("__list_directory")).findFirst().orElse(null);
      if (mcp != null && mode.equals("tool")) { in.put("path", args[2]); return new ScriptedResponsesApi.Reply.ToolUse(mcp.substring(0, mcp.lastIndexOf("__")), "list_directory", in); }
      if (mode.equals("shell")) { return new ScriptedResponsesApi.Reply.ToolUse(null, args[2], JsonMapper.shared().readTree(args[3])); }
      return new ScriptedResponsesApi.Reply.Text("hello there");
    })) {
      System.out.println(api.baseUrl());
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
      Files.writeString(Path.of(args[1] + ".auth"), String.join("\n", api.authorizations()) + "\n" + api.otherRequests());
    }
  }
}

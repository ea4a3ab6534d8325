// The baseline for "our own CPU cost per redirect": the least a Vert.x 5 HTTP server can do to
// answer a short link. A plain request handler, a HashMap slug -> target, 301 + Location and
// nothing else (no router, no cache headers, no body, no metrics, no click events).
//
// Run (vertx-core comes from the edge's fat jar):
//   java -cp edge/target/edge.jar ops/bench/BareServer.java <port> <links.tsv>
// links.tsv is the file ops/bench/gen_links.py writes for LOAD DATA:
//   id \t slug \t target \t status \t created_at \t updated_at \t version
// It listens on 127.0.0.1 only, on one event loop, with the transport the edge uses: Netty's
// native epoll when the classpath has it, unless CLIG_EDGE_NATIVE_TRANSPORT=false (as for the edge).

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

public class BareServer {

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java -cp edge/target/edge.jar ops/bench/BareServer.java <port> <links.tsv>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Map<String, String> links = load(Path.of(args[1]));
    System.out.println("BareServer: " + links.size() + " links loaded from " + args[1]);

    String nativeVar = System.getenv().getOrDefault("CLIG_EDGE_NATIVE_TRANSPORT", "true").trim().toLowerCase();
    boolean preferNative = !java.util.Set.of("false", "0", "no", "off").contains(nativeVar);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(preferNative));
    System.out.println("BareServer: transport " + (vertx.isNativeTransportEnabled() ? "native (epoll)" : "NIO"));
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(req -> {
          HttpServerResponse resp = req.response();
          String path = req.path();
          String target = path.length() > 1 ? links.get(path.substring(1)) : null;
          if (target == null) {
            resp.setStatusCode(404).end();
          } else {
            resp.setStatusCode(301).putHeader(HttpHeaders.LOCATION, target).end();
          }
        })
        .listen()
        .onSuccess(s -> System.out.println("BareServer: listening on 127.0.0.1:" + s.actualPort()))
        .onFailure(err -> {
          System.err.println("BareServer: cannot listen on 127.0.0.1:" + port + ": " + err);
          System.exit(1);
        });
  }

  private static Map<String, String> load(Path tsv) throws IOException {
    Map<String, String> links = new HashMap<>(1 << 18);
    try (BufferedReader in = Files.newBufferedReader(tsv, StandardCharsets.US_ASCII)) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", -1);
        if (f.length >= 4 && "active".equals(f[3])) {
          links.put(f[1], f[2]);
        }
      }
    }
    return links;
  }
}

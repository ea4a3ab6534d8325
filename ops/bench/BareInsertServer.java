// The baseline for "what does the admin API add to a create": a plain Vert.x 5 request handler that
// does the same single INSERT of a clig row through a MySQL pool of the same size (8) as the admin API,
// with a random 7-character base62 slug, and answers 201 with the slug. No router, no OpenAPI
// validation, no authentication, no rate limit, no history row, no Redis, no publication.
//
// Run (Vert.x and the MySQL client come from the admin API's fat jar):
//   java -cp admin-api/target/admin-api.jar ops/bench/BareInsertServer.java <port> <mysql host> <mysql port> <database>
// It listens on 127.0.0.1 only and logs in as root without a password (the local test server).

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

public class BareInsertServer {

  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: java -cp admin-api/target/admin-api.jar ops/bench/BareInsertServer.java <port> <mysql host> <mysql port> <database>");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = MySQLBuilder.pool()
        .with(new PoolOptions().setMaxSize(8).setMaxWaitQueueSize(1024))
        .connectingTo(new MySQLConnectOptions().setHost(args[1]).setPort(Integer.parseInt(args[2])).setUser("root")
            .setDatabase(args[3]).setCachePreparedStatements(true))
        .using(vertx).build();
    String sql = "INSERT INTO cligs (account_id, slug, target, title, status, created_at, updated_at, version) "
        + "VALUES (?, ?, ?, NULL, 'active', ?, ?, 1)";
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(Integer.parseInt(args[0])))
        .requestHandler(req -> req.body().compose(body -> {
          String target = body.toJsonObject().getString("target");
          LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
          String slug = slug();
          return pool.preparedQuery(sql).execute(Tuple.of(4294967296L, slug, target, now, now)).map(r -> slug);
        }).onComplete(done -> {
          if (done.succeeded()) {
            req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end("{\"slug\":\"" + done.result() + "\"}");
          } else {
            req.response().setStatusCode(500).end(String.valueOf(done.cause()));
          }
        }))
        .listen().await();
    System.out.println("bare insert server listening on 127.0.0.1:" + args[0]);
  }

  private static String slug() {
    char[] c = new char[7];
    for (int i = 0; i < c.length; i++) {
      c[i] = BASE62.charAt(RANDOM.nextInt(BASE62.length()));
    }
    return new String(c);
  }
}

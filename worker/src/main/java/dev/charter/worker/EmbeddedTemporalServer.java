package dev.charter.worker;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Temporal's test server on a real gRPC port, bound to one address only (loopback in dev), so the
 * Temporal CLI and any SDK client can talk to it. It keeps all state in memory: tasks survive a
 * worker crash, not the end of this process.
 */
public final class EmbeddedTemporalServer implements AutoCloseable {

  private final TestServicesStarter services;
  private final Server server;

  private EmbeddedTemporalServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /**
   * Starts the server.
   *
   * @param host address to bind, e.g. {@code 127.0.0.1}
   * @param port port to bind
   * @throws UncheckedIOException naming the address when the port is taken
   */
  public static EmbeddedTemporalServer start(String host, int port) {
    // Real time (time skipping locked), as a user of `charter dev` expects from a server.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(host, port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      return new EmbeddedTemporalServer(services, builder.build().start());
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException(
          "embedded Temporal could not bind "
              + host
              + ":"
              + port
              + " (is another `charter dev` or Temporal server running? choose another with"
              + " --temporal-address)",
          e);
    }
  }

  /**
   * Runs the server as its own process until killed: {@code EmbeddedTemporalServer [host] port}.
   * Used to stand in for an external Temporal service in tests.
   */
  public static void main(String[] args) throws InterruptedException {
    String host = args.length > 1 ? args[0] : "127.0.0.1";
    int port = Integer.parseInt(args[args.length - 1]);
    EmbeddedTemporalServer server = start(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("temporal test server listening on " + host + ":" + server.port());
    server.server.awaitTermination();
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    services.close();
  }
}
